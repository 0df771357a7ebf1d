// Japanese (polite です・ます style).
import type { Messages } from './types.js'

export const ja: Messages = {
  title: 'アプリを連携',
  close: '閉じる',
  back: '戻る',
  loading: '読み込み中…',
  searchLabel: 'アプリを検索',
  searchPlaceholder: '名前またはカテゴリで検索',
  noResults: '「{query}」に一致するアプリはありません。',
  noApps: 'ここで連携できるアプリはまだありません。',
  appCount: { other: '{count} 件のアプリ' },
  connectedBadge: '連携済み',
  accountsBadge: { other: '{count} アカウント' },
  expiredBadge: '再連携が必要',
  pickTitle: '連携するアプリを選んでください',
  authTitle: '{app} と連携',
  reconnectTitle: '{app} と再連携',
  reconnectIntro:
    '{app} との連携が機能しなくなりました。もう一度サインインすると元に戻ります。ほかの設定は変わりません。',
  keyIntro:
    '{app} アカウントの情報を入力してください。情報は暗号化して保存され、誰にも表示されません。',
  docsLink: 'この情報はどこで確認できますか？',
  fieldRequired: 'この項目を入力してください。',
  showSecret: '表示',
  hideSecret: '隠す',
  submitKey: '連携する',
  submitting: '{app} で確認しています…',
  verificationFailed:
    '{app} でこの情報が承認されませんでした。内容を確認して、もう一度お試しください。',
  verificationUnavailable:
    '{app} に接続できず、情報を確認できませんでした。しばらくしてからもう一度お試しください。',
  oauthIntro: '新しいウィンドウで {app} にサインインし、共有する内容を選びます。',
  oauthButton: '{app} で連携',
  oauthWaiting: '開いたウィンドウで {app} へのサインインを完了してください。',
  oauthPopupBlocked: 'ブラウザがサインイン用のウィンドウをブロックしました。',
  oauthContinueInTab: '新しいタブで続ける',
  oauthWindowClosed: '連携が完了する前にサインイン用のウィンドウが閉じられました。',
  notConfigured: 'プラットフォーム側の設定が済んでいないため、{app} はまだここで連携できません。',
  reuseTitle: '連携済みです',
  reuseOne: '{app} はすでに連携されています。この連携を使うか、変更があれば更新してください。',
  reuseMany: {
    other:
      '{app} のアカウントを {count} 件連携しています。使うアカウントを選ぶか、別のアカウントを連携してください。',
  },
  reuseUse: 'この連携を使う',
  reuseUpdate: '連携を更新',
  reuseAnother: '別のアカウントを連携',
  connectedOn: '{date} に連携',
  doneTitle: '連携しました',
  doneText: '{app} と連携しました',
  doneClosing: '元の画面に戻ります…',
  doneHosted: 'このウィンドウは閉じてかまいません。',
  doneButton: '完了',
  errorTitle: '問題が発生しました',
  tryAgain: 'もう一度試す',
  sessionExpired:
    'この連携リンクは期限切れか無効です。前の画面に戻って、最初からやり直してください。',
  genericError: '問題が発生しました。もう一度お試しください。',
  networkError: 'サーバーに接続できません。通信環境を確認して、もう一度お試しください。',
  tooManyRequests: '短時間に試行が多すぎます。数秒待ってから、もう一度お試しください。',
  callbackSuccessTitle: '連携しました',
  callbackSuccessText: 'このウィンドウを閉じて、アプリに戻ってください。',
  callbackErrorTitle: '連携できませんでした',
  callbackClose: 'このウィンドウを閉じる',
  flow_missing_state: 'サインインの応答が不完全です。アプリから連携をやり直してください。',
  flow_unknown_state: 'このサインインリンクは無効です。アプリから連携をやり直してください。',
  flow_used_state: 'このサインインはすでに使用されています。アプリから連携をやり直してください。',
  flow_expired_state:
    'サインインに時間がかかりすぎたため、期限が切れました。アプリから連携をやり直してください。',
  flow_other_browser:
    'このサインインは別のブラウザまたはウィンドウで開始されました。開始した場所で完了するか、ここでやり直してください。',
  flow_wrong_app: 'このサインインの応答は別のアプリ向けです。アプリから連携をやり直してください。',
  flow_access_denied: 'アクセスが拒否されたため、何も連携されていません。いつでもやり直せます。',
  flow_provider_error: 'サインイン中にアプリが問題を報告しました。もう一度お試しください。',
  flow_issuer_mismatch:
    'サインインの応答が想定したサービスから届かなかったため、拒否しました。もう一度お試しください。',
  flow_client_not_configured:
    'プラットフォーム側の設定が済んでいないため、このアプリはまだ連携できません。',
  flow_exchange_failed: 'アプリがサインインを承認しませんでした。もう一度お試しください。',
  flow_provider_unreachable:
    'サインインを完了するためにアプリへ接続できませんでした。しばらくしてからもう一度お試しください。',
  flow_credential_gone:
    '復元しようとした連携はもう存在しません。アプリから連携をやり直してください。',
}
