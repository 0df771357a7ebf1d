# Keyport in a container: a build stage compiles dist/ and keeps only the runtime dependencies; the final stage runs
# them as the unprivileged `node` user, with its data (SQLite file, generated key file, first API key) in /data.
# Build: docker build -t keyport .   Run: see compose.yaml, or docker run -p 3000:3000 -v keyport-data:/data keyport

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles SQLite when no prebuilt binary for this platform can be downloaded.
# hadolint ignore=DL3008
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Dependencies first (a cached layer while only sources change); their install scripts except better-sqlite3's are
# not needed, and `prepare` (the build) cannot run before the sources are here.
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/build-console.mjs scripts/build-modal.mjs scripts/
COPY src src
COPY console console
COPY modal modal
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    KEYPORT_HOST=0.0.0.0 \
    KEYPORT_PORT=3000 \
    KEYPORT_DATA_DIR=/data
WORKDIR /app
# Everything the process runs is owned by root and read-only to it; only /data is its own.
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json LICENSE README.md CHANGELOG.md ./
COPY bin bin
COPY catalog catalog
RUN mkdir /data && chown node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.KEYPORT_PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/keyport.js", "serve"]
