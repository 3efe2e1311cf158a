import type { Article } from '../../src/content/article.ts';
import type { DigestContent } from '../../src/content/digest-content.ts';
import type { SponsorSlot } from '../../src/sponsors/sponsor.ts';

/**
 * The edition the product was conceived from: `shared/seed/article-page.txt`,
 * the WhatsApp story as the lead and the page's three teasers. Text is the seed's;
 * URLs are placeholders on a reserved domain because the seed carries none.
 */
const site = 'https://news.broadsheet.example';
const images = 'https://images.broadsheet.example';

export const seedLead: Article = {
  id: 'narcos-secret-weapon-whatsapp',
  url: `${site}/news/narcos-secret-weapon-is-whatsapp/`,
  headline: 'Narcos’ secret weapon is WhatsApp: it is difficult to tap',
  dek:
    'Mexico’s notorious drug cartels possess a secret communications weapon to complement their arsenal of assault rifles and machine guns: the messaging service WhatsApp.',
  byline: 'Source: Milenio',
  section: 'News',
  publishedAt: '2024-11-21T08:00:00-06:00',
  commentCount: 0,
  access: 'free',
};

export const seedTeasers: Article[] = [
  {
    id: 'port-of-manzanillo-investment',
    url: `${site}/business/port-of-manzanillo-investment/`,
    headline: 'Port of Manzanillo to receive 64 billion pesos in investment',
    dek: "The funds will help transform Mexico's largest port into the largest one in Latin America, but cartel violence could mar the project's promise.",
    image: { src: `${images}/manzanillo-container-ships.jpg`, alt: 'Container ships arriving into the Port of Manzanillo in Mexico' },
    section: 'Business',
    publishedAt: '2024-11-21T07:00:00-06:00',
    commentCount: 0,
    access: 'free',
  },
  {
    id: 'sheinbaum-trudeau-usmca',
    url: `${site}/politics/sheinbaum-trudeau-usmca/`,
    headline: 'President Sheinbaum: Prime Minister Trudeau supports keeping USMCA intact',
    dek: "Claudia Sheinbaum told reporters Wednesday that at the G20 Summit, Canada's Justin Trudeau assured her of his support for the trilateral trade deal.",
    image: {
      src: `${images}/sheinbaum-mananera.jpg`,
      alt: "Mexico's President Claudia Sheinbaum at her daily press conference, pointing with her index finger straight into the camera as if taking a reporter's question. Behind her is the logo for her presidency, a black and white illustration of a young Mexican Indigenous woman in a traditional white Mexican dress and holding the Mexican flag.",
    },
    section: 'Politics',
    publishedAt: '2024-11-21T06:30:00-06:00',
    commentCount: 2,
    access: 'free',
  },
  {
    id: 'acapulco-reconstruction-package',
    url: `${site}/politics/acapulco-reconstruction-package/`,
    headline: 'Sheinbaum pledges US $400M reconstruction package for Acapulco, calls for private sector’s support',
    dek: '"There has already been a lot of progress … but, we need [more] private investment in many areas of Acapulco,” the president said.',
    image: {
      src: `${images}/acapulco-hurricane-john-damage.jpg`,
      alt: 'According to the municipal government, total damages caused by Hurricane John amounted to approximately 50 billion pesos (US $2.5 billion).',
    },
    section: 'Politics',
    publishedAt: '2024-11-20T18:00:00-06:00',
    commentCount: 1,
    access: 'free',
  },
];

export const seedDigest: DigestContent = { lead: seedLead, teasers: seedTeasers };

/**
 * The seed edition as the newsroom sends it: the USMCA story is paid-only (the
 * site's feed files it under "Paid"), with an editor's note. Golden renders and
 * screenshots of every layout × tier use it.
 */
export const seedEditionContent: DigestContent = {
  lead: seedLead,
  teasers: seedTeasers.map((t) => (t.id === 'sheinbaum-trudeau-usmca' ? { ...t, access: 'paid' } : t)),
  note: 'Good morning. Our reporters in Manzanillo and Acapulco are following both stories today; replies to this email reach the desk.',
};

/**
 * The seed edition in the newsroom's own language, for a Spanish list: the same
 * stories (ids, links, pictures) with Spanish headlines, deks, sections and alt
 * text. Screenshots of a Spanish list's email use it.
 */
export const seedEditionContentEs: DigestContent = {
  lead: { ...seedLead, headline: 'El arma secreta de los narcos es WhatsApp: es difícil de intervenir', dek: 'Los cárteles mexicanos tienen un arma secreta de comunicación que complementa su arsenal de rifles de asalto y ametralladoras: el servicio de mensajería WhatsApp.', byline: 'Fuente: Milenio', section: 'Noticias' },
  teasers: seedEditionContent.teasers.map((t): Article => {
    const es: Record<string, Pick<Article, 'headline' | 'dek' | 'section'> & { alt: string }> = {
      'port-of-manzanillo-investment': { headline: 'El puerto de Manzanillo recibirá 64 mil millones de pesos de inversión', dek: 'Los fondos ayudarán a convertir el puerto más grande de México en el más grande de América Latina, aunque la violencia del crimen podría empañar el proyecto.', section: 'Economía', alt: 'Buques portacontenedores llegan al puerto de Manzanillo, en México' },
      'sheinbaum-trudeau-usmca': { headline: 'Sheinbaum: el primer ministro Trudeau apoya mantener intacto el T-MEC', dek: 'Claudia Sheinbaum dijo el miércoles que en la cumbre del G20 Justin Trudeau le aseguró su apoyo al tratado comercial trilateral.', section: 'Política', alt: 'La presidenta Claudia Sheinbaum en su conferencia matutina, señalando a la cámara' },
      'acapulco-reconstruction-package': { headline: 'Sheinbaum promete 400 millones de dólares para reconstruir Acapulco y pide apoyo de la iniciativa privada', dek: '“Ya hay mucho avance… pero necesitamos más inversión privada en muchas áreas de Acapulco”, dijo la presidenta.', section: 'Política', alt: 'Según el gobierno municipal, los daños del huracán John suman unos 50 mil millones de pesos' },
    };
    const x = es[t.id]!;
    return { ...t, headline: x.headline, dek: x.dek, section: x.section, ...(t.image ? { image: { ...t.image, alt: x.alt } } : {}) };
  }),
  note: 'Buenos días. Nuestros reporteros en Manzanillo y Acapulco siguen ambas historias; si respondes a este correo, llega a la redacción.',
};

/** A sponsor block after the first teaser, as a booking running on the seed's date renders it. */
export const seedSponsor: SponsorSlot = {
  name: 'Banco Ejemplo',
  headline: 'Send money home free of charge this December',
  body: 'No fees on transfers to any bank in Mexico until 31 December. Terms apply.',
  url: 'https://sponsor.example/remesas?utm_content=sponsor-banco-ejemplo-dic',
  cta: 'See how it works',
  after: 1,
};

/** A larger edition for size checks: the seed's teasers repeated to `count`, some paid-only. */
export function digestWithTeasers(count: number): DigestContent {
  const teasers = Array.from({ length: count }, (_, i): Article => {
    const base = seedTeasers[i % seedTeasers.length]!;
    return { ...base, id: `${base.id}-${i}`, url: `${base.url}?n=${i}`, access: i % 4 === 3 ? 'paid' : 'free' };
  });
  return { lead: seedLead, teasers, note: 'Good morning. Here is what our newsroom is following today.' };
}

/**
 * The demo's pictures: illustrations drawn for the seed's teasers
 * (`scripts/draw-demo-images.ts`), served by Broadsheet's own server at
 * `/media/demo/<file>` so the demo shows pictures without a network. Their alt
 * text says what the illustrations show, not what the newsroom's photos did.
 */
export const DEMO_PICTURES: Record<string, { file: string; alt: string; altEs: string }> = {
  'port-of-manzanillo-investment': {
    file: 'manzanillo-port.jpg',
    alt: 'Illustration: a container ship stacked with coloured containers between red port cranes at sunrise',
    altEs: 'Ilustración: un buque cargado de contenedores de colores entre grúas rojas del puerto, al amanecer',
  },
  'sheinbaum-trudeau-usmca': {
    file: 'press-conference.jpg',
    alt: 'Illustration: a woman speaks at a podium with three microphones, a Mexican flag beside her',
    altEs: 'Ilustración: una mujer habla en un atril con tres micrófonos, junto a una bandera de México',
  },
  'acapulco-reconstruction-package': {
    file: 'acapulco-storm.jpg',
    alt: 'Illustration: palm trees bent by the wind and a damaged seafront building under storm clouds',
    altEs: 'Ilustración: palmeras dobladas por el viento y un edificio dañado frente al mar bajo nubes de tormenta',
  },
};

/** `content` with the demo's own pictures, served from `publicUrl`, described in English or (`es`) Spanish. */
export function withDemoPictures(content: DigestContent, publicUrl: string, lang: 'en' | 'es' = 'en'): DigestContent {
  const base = `${publicUrl.replace(/\/$/, '')}/media/demo`;
  const picture = (a: Article): Article => {
    const p = DEMO_PICTURES[a.id];
    return p && a.image ? { ...a, image: { src: `${base}/${p.file}`, alt: lang === 'es' ? p.altEs : p.alt } } : a;
  };
  return { ...content, lead: picture(content.lead), teasers: content.teasers.map(picture) };
}
