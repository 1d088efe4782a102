import { foldText } from '../core/fold.ts';

/**
 * Commodity labels for supply chains, from the goods text and the HS code. The classes
 * are the dual-use goods that recur in improvised-weapon procurement: metal powders for
 * explosive charges, fertiliser-grade nitrates, drone parts, cameras, radios. Words in the
 * goods text win over the HS code because the same heading covers harmless goods (HS 8501
 * is every electric motor; "brushless motors for UAVs" says which), and the HS heading
 * decides when the text is vague.
 */
export interface Commodity {
  id: string;
  label: string;
}

interface CommodityRule extends Commodity {
  words: RegExp;
  hs: string[];
}

const RULES: CommodityRule[] = [
  {
    id: 'aluminium_paste',
    label: 'aluminium paste / powder',
    words: /\balumini?um (paste|powder|flakes?|pigment)|\b(atomi[sz]ed|flake) alumini?um\b/,
    hs: ['7603'],
  },
  {
    id: 'fertiliser_nitrate',
    label: 'fertiliser / ammonium nitrate',
    words:
      /\bammonium nitrate\b|\bcalcium ammonium nitrate\b|\bpotassium nitrate\b|\burea\b|\bfertili[sz]er\b|\bnitrogenous\b/,
    hs: ['3102', '3105', '2834'],
  },
  {
    id: 'detonators',
    label: 'detonators / initiators',
    words:
      /\bdetonat|\bblasting caps?\b|\bdetonating cord\b|\bsafety fuses?\b|\bsquibs?\b|\binitiators?\b/,
    hs: ['3603'],
  },
  {
    id: 'explosive_precursor',
    label: 'explosive precursors',
    words:
      /\bhydrogen peroxide\b|\bnitric acid\b|\bnitromethane\b|\bhexamine\b|\bsodium chlorate\b|\bpotassium chlorate\b|\bpotassium perchlorate\b|\bacetone\b/,
    hs: ['2847', '2808', '2829', '2921', '3602'],
  },
  {
    id: 'uav_components',
    label: 'UAV components',
    words:
      /\b(uavs?|drones?|quadcopters?|multicopters?|multirotors?|unmanned aerial)\b|\bflight controllers?\b|\bbrushless (dc )?motors?\b|\bpropellers?\b|\besc\b|\bmodel aircraft\b/,
    hs: ['8806', '880730', '880790', '8501'],
  },
  {
    id: 'surveillance_equipment',
    label: 'surveillance equipment',
    words:
      /\bcameras?\b|\bcctv\b|\bthermal (imag|sight|scope)|\bsurveillance\b|\bnight vision\b|\bbinoculars?\b|\bimage intensifier/,
    hs: ['852580', '852589', '9005', '9013', '902750'],
  },
  {
    id: 'radio_electronics',
    label: 'radio / electronics',
    words:
      /\bradios?\b|\btransceivers?\b|\bwalkie|\bgps\b|\bgnss\b|\bsatellite (phone|modem)|\bmodules?\b|\bmicrocontrollers?\b|\bcircuit boards?\b|\bintegrated circuits?\b|\bmobile phones?\b|\bsim cards?\b/,
    hs: ['8517', '8526', '8529', '8542', '8471', '8473'],
  },
  {
    id: 'arms_ammunition',
    label: 'arms and ammunition',
    words:
      /\brifles?\b|\bpistols?\b|\bammunition\b|\bcartridges?\b|\bgrenades?\b|\bmortars?\b|\brockets?\b/,
    hs: ['93'],
  },
  {
    id: 'vehicles',
    label: 'vehicles and parts',
    words: /\bpick ?ups?\b|\btrucks?\b|\bvehicles?\b|\bmotorcycles?\b/,
    hs: ['87'],
  },
];

/** Every known commodity class, for listings and help text. */
export const COMMODITIES: Commodity[] = RULES.map(({ id, label }) => ({ id, label }));

/**
 * The commodity of an order's goods. Goods outside the known classes keep a class of
 * their own, keyed by HS heading (4 digits) or, without a code, by the folded goods
 * text, so that distinct unknown goods still count as distinct chains.
 */
export function commodityOf(
  goods: string | null | undefined,
  hsCode: string | null | undefined,
): Commodity {
  const text = goods ? foldText(goods) : '';
  const hs = (hsCode ?? '').replace(/\D/g, '');
  if (text) for (const r of RULES) if (r.words.test(text)) return { id: r.id, label: r.label };
  if (hs) {
    // Longest matching HS prefix wins (852580 before 8525).
    let best: CommodityRule | null = null;
    let bestLen = 0;
    for (const r of RULES)
      for (const p of r.hs)
        if (hs.startsWith(p) && p.length > bestLen) {
          best = r;
          bestLen = p.length;
        }
    if (best) return { id: best.id, label: best.label };
    return {
      id: `hs_${hs.slice(0, 4)}`,
      label: `HS ${hs.slice(0, 4)}${goods ? ` (${goods.trim()})` : ''}`,
    };
  }
  if (text) return { id: `goods_${text.replace(/ /g, '_').slice(0, 40)}`, label: goods!.trim() };
  return { id: 'unspecified', label: 'unspecified goods' };
}
