import type { ReaderCopy } from './reader-copy.ts';

/** Páginas para lectores en español. */
export const es: ReaderCopy = {
  subscribe: {
    title: (list) => `Suscríbete a ${list}`,
    intro: 'Las noticias más importantes del día, cada mañana en tu correo.',
    email: 'Tu correo electrónico',
    name: 'Tu nombre (opcional)',
    button: 'Suscribirme',
    consent: 'Primero te enviamos un correo de confirmación: no recibirás nada más hasta que confirmes. Cada correo trae un enlace para darte de baja con un clic.',
    emailInvalid: 'Escribe un correo electrónico como ana@ejemplo.com.',
    tooMany: 'Demasiados intentos desde aquí. Vuelve a intentarlo en un minuto.',
    checkInboxTitle: 'Revisa tu correo',
    checkInbox: (email, list) => `Si ${email} puede recibir nuestros boletines, te enviamos un correo de confirmación. Pulsa el botón que trae para empezar a recibir ${list}.`,
    notFound: 'No hay ningún boletín en esta dirección.',
    publishedBy: (publisher, address) => `Publicado por ${publisher} · ${address}`,
  },
};
