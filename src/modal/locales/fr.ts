// French (vouvoiement).
import type { Messages } from './types.js'

export const fr: Messages = {
  title: 'Connecter une application',
  close: 'Fermer',
  back: 'Retour',
  loading: 'Chargement…',
  searchLabel: 'Rechercher une application',
  searchPlaceholder: 'Nom ou catégorie',
  noResults: 'Aucune application ne correspond à « {query} ».',
  noApps: 'Aucune application ne peut encore être connectée ici.',
  appCount: {
    one: '{count} application',
    many: '{count} applications',
    other: '{count} applications',
  },
  connectedBadge: 'Connectée',
  accountsBadge: { one: '{count} compte', many: '{count} comptes', other: '{count} comptes' },
  expiredBadge: 'À reconnecter',
  pickTitle: 'Quelle application voulez-vous connecter ?',
  authTitle: 'Connecter {app}',
  reconnectTitle: 'Reconnecter {app}',
  reconnectIntro:
    'Votre connexion à {app} ne fonctionne plus. Reconnectez-vous pour la rétablir ; rien d’autre ne change.',
  keyIntro:
    'Saisissez les informations de votre compte {app}. Elles sont chiffrées et ne sont jamais montrées à personne.',
  docsLink: 'Où trouver ces informations ?',
  fieldRequired: 'Veuillez remplir ce champ.',
  showSecret: 'Afficher',
  hideSecret: 'Masquer',
  submitKey: 'Connecter',
  submitting: 'Vérification auprès de {app}…',
  verificationFailed: '{app} n’a pas accepté ces informations. Vérifiez-les, puis réessayez.',
  verificationUnavailable:
    'Impossible de joindre {app} pour vérifier ces informations. Réessayez dans un instant.',
  oauthIntro:
    'Vous allez vous connecter à {app} dans une nouvelle fenêtre et choisir ce que vous partagez.',
  oauthButton: 'Se connecter avec {app}',
  oauthWaiting: 'Terminez la connexion à {app} dans la fenêtre qui vient de s’ouvrir.',
  oauthPopupBlocked: 'Votre navigateur a bloqué la fenêtre de connexion.',
  oauthContinueInTab: 'Continuer dans un nouvel onglet',
  oauthWindowClosed: 'La fenêtre de connexion a été fermée avant la fin.',
  notConfigured:
    '{app} ne peut pas encore être connectée ici : la plateforme n’a pas fini de la configurer.',
  reuseTitle: 'Déjà connectée',
  reuseOne:
    'Vous avez déjà connecté {app}. Utilisez cette connexion, ou mettez-la à jour si quelque chose a changé.',
  reuseMany: {
    one: 'Vous avez connecté {count} compte {app}. Utilisez-le ou connectez-en un autre.',
    many: 'Vous avez connecté {count} comptes {app}. Choisissez-en un ou connectez-en un autre.',
    other: 'Vous avez connecté {count} comptes {app}. Choisissez-en un ou connectez-en un autre.',
  },
  reuseUse: 'Utiliser cette connexion',
  reuseUpdate: 'Mettre à jour la connexion',
  reuseAnother: 'Connecter un autre compte',
  connectedOn: 'Connecté le {date}',
  doneTitle: 'Connectée',
  doneText: '{app} est connectée',
  doneClosing: 'Retour en cours…',
  doneHosted: 'Vous pouvez fermer cette fenêtre.',
  doneButton: 'Terminé',
  errorTitle: 'Un problème est survenu',
  tryAgain: 'Réessayer',
  sessionExpired:
    'Ce lien de connexion a expiré ou n’est pas valide. Revenez en arrière et recommencez.',
  genericError: 'Un problème est survenu. Veuillez réessayer.',
  networkError: 'Impossible de joindre le serveur. Vérifiez votre connexion, puis réessayez.',
  tooManyRequests:
    'Trop de tentatives en peu de temps. Patientez quelques secondes, puis réessayez.',
  callbackSuccessTitle: 'Connectée',
  callbackSuccessText: 'Vous pouvez fermer cette fenêtre et revenir à l’application.',
  callbackErrorTitle: 'Connexion impossible',
  callbackClose: 'Fermer cette fenêtre',
  flow_missing_state:
    'Cette réponse de connexion est incomplète. Recommencez depuis l’application.',
  flow_unknown_state: 'Ce lien de connexion n’est pas valide. Recommencez depuis l’application.',
  flow_used_state: 'Cette connexion a déjà été utilisée. Recommencez depuis l’application.',
  flow_expired_state:
    'La connexion a pris trop de temps et a expiré. Recommencez depuis l’application.',
  flow_other_browser:
    'Cette connexion a été commencée dans un autre navigateur ou une autre fenêtre. Terminez-la là-bas, ou recommencez ici.',
  flow_wrong_app:
    'Cette réponse de connexion était destinée à une autre application. Recommencez depuis l’application.',
  flow_access_denied:
    'Vous avez refusé l’accès : rien n’a été connecté. Vous pouvez réessayer quand vous le souhaitez.',
  flow_provider_error:
    'L’application a signalé un problème pendant la connexion. Veuillez réessayer.',
  flow_issuer_mismatch:
    'La réponse de connexion ne venait pas du service attendu et a donc été refusée. Veuillez réessayer.',
  flow_client_not_configured:
    'Cette application ne peut pas encore être connectée : la plateforme n’a pas fini de la configurer.',
  flow_exchange_failed: 'L’application n’a pas accepté la connexion. Veuillez réessayer.',
  flow_provider_unreachable:
    'Impossible de joindre l’application pour terminer la connexion. Réessayez dans un instant.',
  flow_credential_gone:
    'La connexion que vous rétablissiez n’existe plus. Recommencez depuis l’application.',
}
