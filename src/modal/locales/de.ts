// German (Sie-Form, as business software addresses merchants).
import type { Messages } from './types.js'

export const de: Messages = {
  title: 'App verbinden',
  close: 'Schließen',
  back: 'Zurück',
  loading: 'Wird geladen…',
  searchLabel: 'Apps durchsuchen',
  searchPlaceholder: 'Nach Name oder Kategorie suchen',
  noResults: 'Keine App passt zu „{query}“.',
  noApps: 'Hier lässt sich noch keine App verbinden.',
  appCount: { one: '{count} App', other: '{count} Apps' },
  connectedBadge: 'Verbunden',
  accountsBadge: { one: '{count} Konto', other: '{count} Konten' },
  expiredBadge: 'Neu verbinden',
  pickTitle: 'Welche App möchten Sie verbinden?',
  authTitle: '{app} verbinden',
  reconnectTitle: '{app} neu verbinden',
  reconnectIntro:
    'Ihre Verbindung zu {app} funktioniert nicht mehr. Melden Sie sich erneut an, um sie wiederherzustellen – sonst ändert sich nichts.',
  keyIntro:
    'Geben Sie die Zugangsdaten aus Ihrem {app}-Konto ein. Sie werden verschlüsselt gespeichert und niemandem angezeigt.',
  docsLink: 'Wo finde ich diese Angaben?',
  fieldRequired: 'Bitte füllen Sie dieses Feld aus.',
  showSecret: 'Anzeigen',
  hideSecret: 'Verbergen',
  submitKey: 'Verbinden',
  submitting: 'Wird bei {app} geprüft…',
  verificationFailed:
    '{app} hat diese Angaben nicht akzeptiert. Bitte prüfen Sie sie und versuchen Sie es erneut.',
  verificationUnavailable:
    '{app} war nicht erreichbar, um die Angaben zu prüfen. Bitte versuchen Sie es gleich noch einmal.',
  oauthIntro:
    'Sie melden sich in einem neuen Fenster bei {app} an und wählen dort, was Sie freigeben.',
  oauthButton: 'Mit {app} verbinden',
  oauthWaiting: 'Schließen Sie die Anmeldung bei {app} im geöffneten Fenster ab.',
  oauthPopupBlocked: 'Ihr Browser hat das Anmeldefenster blockiert.',
  oauthContinueInTab: 'In neuem Tab fortfahren',
  oauthWindowClosed: 'Das Anmeldefenster wurde geschlossen, bevor die Verbindung stand.',
  notConfigured:
    '{app} kann hier noch nicht verbunden werden, weil die Plattform die Einrichtung noch nicht abgeschlossen hat.',
  reuseTitle: 'Bereits verbunden',
  reuseOne:
    'Sie haben {app} bereits verbunden. Nutzen Sie diese Verbindung oder aktualisieren Sie sie, falls sich etwas geändert hat.',
  reuseMany: {
    one: 'Sie haben {count} {app}-Konto verbunden. Nutzen Sie es oder verbinden Sie ein weiteres.',
    other:
      'Sie haben {count} {app}-Konten verbunden. Wählen Sie eines aus oder verbinden Sie ein weiteres.',
  },
  reuseUse: 'Diese Verbindung nutzen',
  reuseUpdate: 'Verbindung aktualisieren',
  reuseAnother: 'Weiteres Konto verbinden',
  connectedOn: 'Verbunden am {date}',
  doneTitle: 'Verbunden',
  doneText: '{app} ist verbunden',
  doneClosing: 'Es geht gleich zurück…',
  doneHosted: 'Sie können dieses Fenster jetzt schließen.',
  doneButton: 'Fertig',
  errorTitle: 'Etwas ist schiefgelaufen',
  tryAgain: 'Erneut versuchen',
  sessionExpired:
    'Dieser Verbindungslink ist abgelaufen oder ungültig. Gehen Sie zurück und starten Sie neu.',
  genericError: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  networkError:
    'Der Server ist nicht erreichbar. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
  tooManyRequests:
    'Zu viele Versuche in kurzer Zeit. Warten Sie ein paar Sekunden und versuchen Sie es dann erneut.',
  callbackSuccessTitle: 'Verbunden',
  callbackSuccessText: 'Sie können dieses Fenster schließen und zur App zurückkehren.',
  callbackErrorTitle: 'Verbindung fehlgeschlagen',
  callbackClose: 'Fenster schließen',
  flow_missing_state:
    'Diese Anmeldeantwort ist unvollständig. Starten Sie die Verbindung in der App neu.',
  flow_unknown_state: 'Dieser Anmeldelink ist ungültig. Starten Sie die Verbindung in der App neu.',
  flow_used_state:
    'Diese Anmeldung wurde bereits verwendet. Starten Sie die Verbindung in der App neu.',
  flow_expired_state:
    'Die Anmeldung hat zu lange gedauert und ist abgelaufen. Starten Sie die Verbindung in der App neu.',
  flow_other_browser:
    'Diese Anmeldung wurde in einem anderen Browser oder Fenster begonnen. Schließen Sie sie dort ab oder starten Sie hier neu.',
  flow_wrong_app:
    'Diese Anmeldeantwort gehört zu einer anderen App. Starten Sie die Verbindung in der App neu.',
  flow_access_denied:
    'Sie haben den Zugriff abgelehnt, daher wurde nichts verbunden. Sie können es jederzeit erneut versuchen.',
  flow_provider_error:
    'Die App hat bei der Anmeldung einen Fehler gemeldet. Bitte versuchen Sie es erneut.',
  flow_issuer_mismatch:
    'Die Anmeldeantwort kam nicht vom erwarteten Dienst und wurde deshalb abgelehnt. Bitte versuchen Sie es erneut.',
  flow_client_not_configured:
    'Diese App kann noch nicht verbunden werden, weil die Plattform die Einrichtung noch nicht abgeschlossen hat.',
  flow_exchange_failed:
    'Die App hat die Anmeldung nicht akzeptiert. Bitte versuchen Sie es erneut.',
  flow_provider_unreachable:
    'Die App war nicht erreichbar, um die Anmeldung abzuschließen. Bitte versuchen Sie es gleich noch einmal.',
  flow_credential_gone:
    'Die Verbindung, die Sie wiederherstellen wollten, gibt es nicht mehr. Starten Sie die Verbindung in der App neu.',
}
