/**
 * Notes as housing officers write them: short, abbreviated, sometimes ungrammatical. Some carry
 * the keywords of the default policy (SPEC 3) on purpose, because the generator uses them to
 * tell the stories the rules look for: a vulnerability disclosed in a call, a racist slur in an
 * incident, a threat with a weapon. Each phrase takes the resident as the officer names them
 * ("Mrs O", "Mr Haddad").
 */
export type Phrase = (resident: string, p: Pronouns) => string;

export interface Pronouns {
  readonly they: string;
  readonly them: string;
  readonly their: string;
}
export const SHE: Pronouns = { they: 'she', them: 'her', their: 'her' };
export const HE: Pronouns = { they: 'he', them: 'him', their: 'his' };

export const SURNAMES = [
  'Okafor', 'Haddad', 'Nwosu', 'Kowalski', 'Reid', 'Adeyemi', 'Carter', 'Patel', 'Evans', 'Bailey',
  'Lewis', 'Green', "O'Brien", 'Ahmed', 'Novak', 'Hughes', 'Murphy', 'Khan', 'Taylor', 'Davies',
  'Begum', 'Wilson', 'Thompson', 'Ali', 'Roberts', 'Walsh', 'Mensah', 'Clarke', 'Hussain', 'Wright',
  'Popescu', 'Jackson', 'Owusu', 'Morgan', 'Rahman', 'Kelly', 'Baker', 'Singh', 'Price', 'Nowak',
  'Campbell', 'Ward', 'Osei', 'Fletcher', 'Mahmood', 'Doyle', 'Hall', 'Kaur', 'Sutton', 'Ibrahim',
] as const;
export const TITLES = ['Mr', 'Mrs', 'Ms', 'Miss'] as const;
export const OFFICERS = [
  'K. Byrne', 'T. Marsh', 'R. Dunne', 'J. Whitfield', 'S. Okoro', 'A. Lindqvist', 'P. Chauhan',
  'M. Fraser', 'D. Achebe', 'L. Moretti', 'H. Quinn', 'B. Sandhu', 'C. Ellery', 'N. Farah',
] as const;
export const TEAMS = ['North', 'South', 'East', 'Central', 'West'] as const;

/** What a resident reports, by category; the "risky" variants carry policy keywords. */
export const REPORT_NOTES: Record<string, readonly Phrase[]> = {
  noise: [
    (r) => `${r} reports loud music & bass from flat above most nights till 2am`,
    (r) => `${r} reports shouting, doors slamming and TV at full vol from next door, late nights`,
    (r) => `${r} says neighbour does DIY/drilling at 11pm, has asked them to stop, no change`,
    (r) => `${r} reports parties every weekend at no.12, music til 4am`,
  ],
  harassment: [
    (r, p) => `${r} reports neighbour shouting abuse at ${p.them} when ${p.they} goes out, filming ${p.them} on phone`,
    (r, p) => `${r} says neighbours family leaving notes on car and banging on wall when ${p.they} complains`,
    (r) => `${r} reports being followed to the bus stop by neighbours son, name calling`,
  ],
  hate: [
    (r, p) => `${r} reports neighbour shouting racial abuse at ${p.them} and ${p.their} kids on the landing`,
    (r, p) => `${r} reports homophobic slurs shouted at ${p.them} and ${p.their} partner from the balcony`,
    (r, p) => `${r} says man at no.14 called ${p.them} a racist name and spat at ${p.their} door`,
    (r) => `${r} reports graffiti on door, says it is a hate crime, islamophobic words`,
  ],
  domestic_abuse: [
    (r) => `${r} reports ex-partner keeps turning up at the flat banging door, says it is domestic abuse`,
    (r) => `${r} discloses domestic abuse by partner, wants him removed from tenancy`,
    (r) => `${r} reports ex-partner sending threats, police aware, domestic violence history`,
  ],
  violence: [
    (r, p) => `${r} says ${p.they} was assaulted by neighbour on the stairs, police attended`,
    (r, p) => `${r} reports neighbours son punched ${p.their} son in the car park, assault reported to police`,
  ],
  threats: [
    (r, p) => `${r} reports neighbour threatened ${p.them} with a knife at the bins`,
    (r, p) => `${r} says man at no.14 pointed what looked like a gun at ${p.them} from the window`,
    (r) => `${r} reports neighbour made death threats through letterbox`,
  ],
  drugs: [
    (r) => `${r} reports cannabis smell and people in and out of flat at all hours`,
    (r) => `${r} reports suspected dealing from no.14, cars waiting outside, needles in stairwell`,
  ],
  criminal_behaviour: [
    (r) => `${r} reports car tyres slashed in residents car park`,
    (r) => `${r} reports shed broken into, thinks youths from the block`,
  ],
  nuisance: [
    (r) => `${r} reports dog barking all day and dog mess on balcony above`,
    (r) => `${r} reports kids kicking football against windows every evening`,
    (r) => `${r} reports rubbish dumped in communal area by neighbour, rats seen`,
    (r) => `${r} reports visitors parking across drive, shouting when asked to move`,
  ],
  other: [(r) => `${r} reports ongoing issues with neighbour, details on file`],
};

export const INCIDENT_NOTES: readonly Phrase[] = [
  (r) => `${r} rang, same again last night until 2am`,
  (r) => `${r} reports further incident over the weekend, recorded on app`,
  () => `Another incident Sat night, shouting in the stairwell`,
  (r) => `${r} emailed: no better, neighbour banging on wall again`,
  () => `Portal report: music till 3am Wed`,
  (r, p) => `${r} says neighbour swore at ${p.them} in the lift`,
  () => `Further report, car blocked in again`,
  (r) => `${r} in tears on phone, says it has been every night this week`,
];
/** Incidents that escalate: escalation keywords, the knife one also risk of harm. */
export const ESCALATION_NOTES: readonly Phrase[] = [
  (r, p) => `${r} says neighbour threatened ${p.them} in the car park this morning`,
  (r, p) => `${r} says ${p.they} was attacked on the landing, police called`,
  (r) => `${r} reports neighbour was carrying a knife and made threats to kill`,
];
/** Escalations in a case with hate already indicated: hate keywords (also escalation). */
export const HATE_ESCALATION_NOTES: readonly Phrase[] = [
  (r, p) => `${r} reports racial slurs shouted at ${p.their} kids on the way to school`,
  (r) => `${r} reports homophobic abuse again, worse than before`,
];
/** What a resident tells an officer that signals a vulnerability (and sometimes a risk of harm). */
export const VULNERABILITY_NOTES: readonly Phrase[] = [
  (r, p) => `Home visit. ${r} says ${p.their} mental health has got much worse since this started`,
  (r, p) => `Call w/ ${r}, very anxious, not sleeping, says ${p.they} is on anti-depressants`,
  (r, p) => `${r} disclosed ${p.they} has been self-harming, gave Samaritans no.`,
  (r, p) => (p === HE ? `${r} says partner is 6 months pregnant, both stressed about the noise` : `${r} is 6 months pregnant, stressed about the noise`),
  (r) => `${r} is a wheelchair user, cant get past bikes left in corridor`,
  (r) => `${r} says son is autistic and the noise is causing meltdowns`,
  (r, p) => `${r} says ${p.they} is ${p.their} partners carer and cannot leave the flat`,
];
export const CONTACT_NOTES: readonly Phrase[] = [
  (r) => `Called ${r} back, went through the ASB process`,
  (r) => `2 wkly call w/ ${r}, no new incidents`,
  () => `Fortnightly call. Quieter`,
  (r) => `Spoke to ${r}, updated re letter to neighbour`,
  (r) => `Call to ${r}, diary sheets rec'd`,
  (r) => `Visited ${r} at home, took statement`,
  () => `Weekly welfare call`,
  (r) => `Called ${r} re last report, will chase police`,
  (r) => `Spoke to ${r} - some improvement, agreed to keep monitoring`,
  () => `Call, apologised for delay in getting back`,
];
export const NO_ANSWER_NOTES: readonly Phrase[] = [
  (r) => `Tried ${r}, no answer`,
  () => `No answer, left vm`,
  (r) => `Rang ${r}, left message to call back`,
];
export const UPDATE_REQUEST_NOTES: readonly Phrase[] = [
  (r) => `${r} emailed asking for update`,
  (r, p) => `${r} rang again, says no one has called ${p.them} back`,
  () => `Portal msg: still waiting to hear what is happening`,
  (r) => `${r} chasing re CCTV request`,
];
export const RISK_ASSESSMENT_NOTES: readonly Phrase[] = [
  () => 'RA completed by phone',
  () => 'Risk matrix done',
  (r) => `RA completed w/ ${r} at home visit`,
];
export const ACTION_PLAN_NOTES: readonly Phrase[] = [
  () => 'AP sent: diary sheets, letter to neighbour, review 4 wks',
  () => 'AP agreed: liaise police, CCTV request, warning letter',
  (r) => `AP agreed with ${r}: mediation offered, noise app, 2 wkly calls`,
];
export const CONTACT_AGREEMENT_NOTES: readonly Phrase[] = [
  (r) => `Agreed fortnightly call with ${r}`,
  () => 'Weekly welfare calls agreed',
  (r) => `${r} prefers calls after 5pm, agreed regular contact`,
];
export const REVIEW_NOTES: readonly Phrase[] = [() => 'RA reviewed after latest incident', () => 'Risk reviewed, level unchanged'];
export const PLAN_REVIEW_NOTES: readonly Phrase[] = [() => 'AP reviewed, actions on track', () => 'AP review - add CCTV'];
export const EVIDENCE_NOTES: readonly Phrase[] = [
  () => 'Diary sheets wk 1-2',
  () => 'Noise App recordings x4',
  () => 'Photos of damage',
  () => 'Doorbell cam video',
];
export const EVIDENCE_REVIEW_NOTES: readonly Phrase[] = [
  () => 'Recordings reviewed: music audible after midnight on 3 nights',
  () => 'Diary reviewed, pattern of late weekend noise',
  () => 'Video viewed: perp identifiable, supports warning',
];
export const ACTION_KINDS = ['warning_letter', 'mediation', 'acceptable_behaviour_contract', 'cctv', 'visit_to_alleged_perpetrator', 'estate_inspection', 'injunction'] as const;
export const ACTION_NOTES: Record<(typeof ACTION_KINDS)[number], string> = {
  warning_letter: 'Warning letter sent re tenancy breach',
  mediation: 'Referred both parties to mediation service',
  acceptable_behaviour_contract: 'ABC signed at office, PCSO present',
  cctv: 'Mobile CCTV installed on landing',
  visit_to_alleged_perpetrator: 'Visited alleged perp, discussed allegations, advised of consequences',
  estate_inspection: 'Estate inspection w/ caretaker, area cleared',
  injunction: 'Injunction application sent to legal',
};
export const THIRD_PARTY_IN_NOTES: Record<string, readonly string[]> = {
  police: ['PC asks for tenancy details and any CCTV', 'Police email: crime ref, asks for statement from officer', 'SNT chasing previous email re CCTV'],
  local_authority: ['EH officer asks for noise diary copies', 'LA community safety asks for case update'],
  social_services: ['Social worker asks landlord to attend strategy meeting'],
  health: ['GP letter: patient sleep badly affected, asks landlord to consider rehousing', 'CMHT letter asking for update on the housing situation'],
  education: ['Letter from school: child tired in class, attendance down', 'Head of Year asks what landlord is doing about issues at home'],
  idva: ['IDVA letter supporting management move'],
  marac: ['MARAC recommendation: target hardening and flag address'],
  managing_agent: ['Managing agent reports complaints about same flat from other leaseholders'],
};
export const THIRD_PARTY_OUT_NOTES: readonly string[] = ['Replied with info requested', 'Email reply sent, details shared', 'Referral sent', 'Letter sent in reply'];
export const CLOSURE_REASONS = ['resolved', 'no_further_reports', 'insufficient_evidence', 'perpetrator_moved', 'resident_moved'] as const;
export const COMPLAINT_NOTES: readonly Phrase[] = [
  (r) => `Stage 1 complaint: ${r} unhappy with how long it is taking`,
  (r) => `Formal complaint from ${r}, says nobody calls back`,
  (r) => `${r} complains case was closed while still having problems`,
];
