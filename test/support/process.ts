// Runs the real `keyport` command as a child process, as an operator would.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/**
 * `node` arguments that run the `keyport` command as an operator does: bin/keyport.js, which runs the compiled dist/
 * when it is at least as new as every source (as after `npm ci`, whose `prepare` builds it: CI's case) and the
 * sources through tsx otherwise (bin/entry.js), so a test never runs code older than src/. The compiled command starts
 * in about half the time, which counts in suites that start it dozens of times. Spawn with `cwd: ROOT`.
 */
export const KEYPORT_COMMAND = [fileURLToPath(new URL('../../bin/keyport.js', import.meta.url))]

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

export function runKeyport(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...KEYPORT_COMMAND, ...args], {
      cwd: ROOT,
      env: { ...baseEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

export interface Server {
  child: ChildProcess
  url: string
  output: () => string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Starts `keyport serve` and resolves once it listens (or rejects with its output if it exits first). */
export function startServer(env: Record<string, string>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...KEYPORT_COMMAND, 'serve'], {
      cwd: ROOT,
      env: { ...baseEnv(), KEYPORT_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const onData = (d: Buffer) => {
      output += d
      const match = output.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/)
      if (match) {
        resolve({
          child,
          url: match[1]!,
          output: () => output,
          stop: (signal = 'SIGTERM') =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(child.exitCode)
              child.once('exit', (code) => done(code))
              child.kill(signal)
            }),
        })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`keyport serve exited with ${code}:\n${output}`)))
  })
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    KEYPORT_LOG_LEVEL: 'info',
  }
  return env
}
