import type { DB } from './database.js'

export interface WorkspaceSettingsRow {
  /** Origins allowed to frame the modal; null when the workspace has not restricted them. */
  modalFrameAncestors: string[] | null
  updatedAt: string | null
}

export async function findWorkspaceSettings(
  db: DB,
  workspaceId: string,
): Promise<WorkspaceSettingsRow> {
  const row = await db
    .selectFrom('workspaceSetting')
    .select(['modalFrameAncestors', 'updatedAt'])
    .where('workspaceId', '=', workspaceId)
    .executeTakeFirst()
  return {
    modalFrameAncestors: row?.modalFrameAncestors
      ? (JSON.parse(row.modalFrameAncestors) as string[])
      : null,
    updatedAt: row?.updatedAt ?? null,
  }
}

export async function saveWorkspaceSettings(
  db: DB,
  workspaceId: string,
  settings: { modalFrameAncestors: string[] | null; updatedAt: string },
): Promise<void> {
  const values = {
    modalFrameAncestors:
      settings.modalFrameAncestors === null ? null : JSON.stringify(settings.modalFrameAncestors),
    updatedAt: settings.updatedAt,
  }
  await db
    .insertInto('workspaceSetting')
    .values({ workspaceId, ...values })
    .onConflict((oc) => oc.column('workspaceId').doUpdateSet(values))
    .execute()
}
