// Spanish (neutral, tuteo as most consumer and merchant software uses).
import type { Messages } from './types.js'

export const es: Messages = {
  title: 'Conectar una aplicación',
  close: 'Cerrar',
  back: 'Atrás',
  loading: 'Cargando…',
  searchLabel: 'Buscar aplicaciones',
  searchPlaceholder: 'Busca por nombre o categoría',
  noResults: 'Ninguna aplicación coincide con «{query}».',
  noApps: 'Todavía no se puede conectar ninguna aplicación aquí.',
  appCount: {
    one: '{count} aplicación',
    many: '{count} aplicaciones',
    other: '{count} aplicaciones',
  },
  connectedBadge: 'Conectada',
  accountsBadge: { one: '{count} cuenta', many: '{count} cuentas', other: '{count} cuentas' },
  expiredBadge: 'Hay que reconectarla',
  pickTitle: '¿Qué aplicación quieres conectar?',
  authTitle: 'Conectar {app}',
  reconnectTitle: 'Reconectar {app}',
  reconnectIntro:
    'Tu conexión con {app} dejó de funcionar. Vuelve a iniciar sesión para restablecerla; nada más cambia.',
  keyIntro: 'Introduce los datos de tu cuenta de {app}. Se guardan cifrados y nadie más los ve.',
  docsLink: '¿Dónde encuentro estos datos?',
  fieldRequired: 'Completa este campo.',
  showSecret: 'Mostrar',
  hideSecret: 'Ocultar',
  submitKey: 'Conectar',
  submitting: 'Comprobando con {app}…',
  verificationFailed: '{app} no aceptó estos datos. Revísalos y vuelve a intentarlo.',
  verificationUnavailable:
    'No pudimos contactar con {app} para comprobar los datos. Inténtalo de nuevo en un momento.',
  oauthIntro: 'Iniciarás sesión en {app} en una ventana nueva y elegirás qué compartir.',
  oauthButton: 'Conectar con {app}',
  oauthWaiting: 'Termina de iniciar sesión en {app} en la ventana que se abrió.',
  oauthPopupBlocked: 'Tu navegador bloqueó la ventana de inicio de sesión.',
  oauthContinueInTab: 'Continuar en una pestaña nueva',
  oauthWindowClosed: 'La ventana de inicio de sesión se cerró antes de terminar.',
  notConfigured:
    '{app} todavía no se puede conectar aquí: la plataforma aún no ha terminado de configurarla.',
  reuseTitle: 'Ya está conectada',
  reuseOne: 'Ya conectaste {app}. Usa esta conexión o actualízala si algo cambió.',
  reuseMany: {
    one: 'Tienes {count} cuenta de {app} conectada. Úsala o conecta otra.',
    many: 'Tienes {count} cuentas de {app} conectadas. Elige una o conecta otra.',
    other: 'Tienes {count} cuentas de {app} conectadas. Elige una o conecta otra.',
  },
  reuseUse: 'Usar esta conexión',
  reuseUpdate: 'Actualizar conexión',
  reuseAnother: 'Conectar otra cuenta',
  connectedOn: 'Conectada el {date}',
  doneTitle: 'Conectada',
  doneText: '{app} está conectada',
  doneClosing: 'Volviendo…',
  doneHosted: 'Ya puedes cerrar esta ventana.',
  doneButton: 'Listo',
  errorTitle: 'Algo salió mal',
  tryAgain: 'Reintentar',
  sessionExpired: 'Este enlace de conexión caducó o no es válido. Vuelve atrás y empieza de nuevo.',
  genericError: 'Algo salió mal. Inténtalo de nuevo.',
  networkError: 'No se pudo contactar con el servidor. Revisa tu conexión e inténtalo de nuevo.',
  tooManyRequests: 'Demasiados intentos en poco tiempo. Espera unos segundos e inténtalo de nuevo.',
  callbackSuccessTitle: 'Conectada',
  callbackSuccessText: 'Ya puedes cerrar esta ventana y volver a la aplicación.',
  callbackErrorTitle: 'No se pudo conectar',
  callbackClose: 'Cerrar esta ventana',
  flow_missing_state:
    'Esta respuesta de inicio de sesión está incompleta. Vuelve a empezar desde la aplicación.',
  flow_unknown_state:
    'Este enlace de inicio de sesión no es válido. Vuelve a empezar desde la aplicación.',
  flow_used_state: 'Este inicio de sesión ya se usó. Vuelve a empezar desde la aplicación.',
  flow_expired_state:
    'El inicio de sesión tardó demasiado y caducó. Vuelve a empezar desde la aplicación.',
  flow_other_browser:
    'Este inicio de sesión empezó en otro navegador o ventana. Termínalo allí o vuelve a empezar aquí.',
  flow_wrong_app:
    'Esta respuesta de inicio de sesión era para otra aplicación. Vuelve a empezar desde la aplicación.',
  flow_access_denied:
    'Rechazaste el acceso, así que no se conectó nada. Puedes volver a intentarlo cuando quieras.',
  flow_provider_error:
    'La aplicación informó de un problema al iniciar sesión. Inténtalo de nuevo.',
  flow_issuer_mismatch:
    'La respuesta no vino del servicio esperado, así que se rechazó. Inténtalo de nuevo.',
  flow_client_not_configured:
    'Esta aplicación todavía no se puede conectar: la plataforma aún no ha terminado de configurarla.',
  flow_exchange_failed: 'La aplicación no aceptó el inicio de sesión. Inténtalo de nuevo.',
  flow_provider_unreachable:
    'No se pudo contactar con la aplicación para terminar. Inténtalo de nuevo en un momento.',
  flow_credential_gone:
    'La conexión que estabas restableciendo ya no existe. Vuelve a empezar desde la aplicación.',
}
