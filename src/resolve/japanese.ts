/**
 * Latin readings of Japanese names written in kanji (optionally mixed with kana), the way
 * lists and the press write them.
 *
 * A kanji name cannot be read character by character the way any-ascii does it (that gives
 * Mandarin: 安倍晋三 → "AnBeiJinSan"): each character has several Japanese readings, and the
 * one a name uses is a matter of convention. So names are read from tables: a known family
 * name at the start (Japanese writes the family name first), then the given name, whole from a
 * table of usual given names or composed from the usual name readings of its characters. Kana
 * are read syllable by syllable. Readings follow modified Hepburn romanisation without macrons,
 * long vowels written as one vowel (東條 → Tojo, 大野 → Ono), and put the given name first
 * (Shinzo Abe). A name that does not start with a known family name gets no reading, which
 * keeps Chinese names (written in the same characters) out.
 */

const KANJI_RANGES =
  '\\u3005\\u3007\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3134f}';
const KANA_RANGES = '\\u3041-\\u3096\\u309d-\\u309f\\u30a1-\\u30fa\\u30fc-\\u30ff';
const KANJI = new RegExp(`[${KANJI_RANGES}]`, 'u');
const KANA_CHAR = new RegExp(`[${KANA_RANGES}]`, 'u');
const ALL_KANA = new RegExp(`^[${KANA_RANGES}]+$`, 'u');
const ALL_JAPANESE = new RegExp(`^[${KANJI_RANGES}${KANA_RANGES}]+$`, 'u');
const ANY_JAPANESE = new RegExp(`[${KANJI_RANGES}${KANA_RANGES}]`, 'u');
/** Word separators once NFKC has turned ･ into ・ and the full-width space into a space. */
const SEPARATORS = /[\s・]+/gu;

/**
 * Parses a compact table: keys (kanji or kana) followed by their readings, most usual first,
 * separated by '/'; several keys in a row share the readings that follow them. A key met twice
 * gets the union of its readings, so a name listed in two groups does no harm.
 */
function readingTable(source: string): Record<string, string[]> {
  const table: Record<string, string[]> = Object.create(null);
  let keys: string[] = [];
  for (const token of source.split(/\s+/u)) {
    if (token === '') continue;
    if (!/^[a-z]/u.test(token)) {
      keys.push(token);
      continue;
    }
    for (const key of keys) table[key] = [...new Set([...(table[key] ?? []), ...token.split('/')])];
    keys = [];
  }
  // A trailing key without readings is a typo in the table; fail at load, not silently.
  if (keys.length > 0) throw new Error(`Japanese name table: no reading for ${keys.join(' ')}`);
  return table;
}

function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Companies, banks, trading houses, shipbuilders and organised-crime groups. */
const COMPANIES: Record<string, string> = {
  三菱: 'Mitsubishi',
  三井: 'Mitsui',
  住友: 'Sumitomo',
  三井住友: 'Mitsui Sumitomo',
  安田: 'Yasuda',
  古河: 'Furukawa',
  丸紅: 'Marubeni',
  伊藤忠: 'Itochu',
  双日: 'Sojitz',
  兼松: 'Kanematsu',
  豊田通商: 'Toyota Tsusho',
  日商岩井: 'Nissho Iwai',
  東芝: 'Toshiba',
  日立: 'Hitachi',
  富士通: 'Fujitsu',
  日本電気: 'NEC',
  沖電気: 'Oki Electric',
  ソニー: 'Sony',
  パナソニック: 'Panasonic',
  松下: 'Matsushita',
  三洋: 'Sanyo',
  シャープ: 'Sharp',
  キヤノン: 'Canon',
  任天堂: 'Nintendo',
  京セラ: 'Kyocera',
  富士: 'Fuji',
  富士フイルム: 'Fujifilm',
  東レ: 'Toray',
  花王: 'Kao',
  資生堂: 'Shiseido',
  味の素: 'Ajinomoto',
  電通: 'Dentsu',
  楽天: 'Rakuten',
  村田: 'Murata',
  トヨタ: 'Toyota',
  本田: 'Honda',
  ホンダ: 'Honda',
  本田技研工業: 'Honda',
  日産: 'Nissan',
  マツダ: 'Mazda',
  スズキ: 'Suzuki',
  スバル: 'Subaru',
  いすゞ: 'Isuzu',
  ヤマハ: 'Yamaha',
  川崎: 'Kawasaki',
  ブリヂストン: 'Bridgestone',
  武田薬品: 'Takeda Pharmaceutical',
  日本航空: 'Japan Airlines',
  全日空: 'All Nippon Airways',
  野村: 'Nomura',
  大和: 'Daiwa',
  日興: 'Nikko',
  みずほ: 'Mizuho',
  りそな: 'Resona',
  新生: 'Shinsei',
  三和: 'Sanwa',
  第一勧業: 'Daiichi Kangyo',
  東京三菱: 'Tokyo Mitsubishi',
  三菱UFJ: 'Mitsubishi UFJ',
  ゆうちょ: 'Yucho',
  日本銀行: 'Bank of Japan',
  日本郵船: 'Nippon Yusen',
  商船三井: 'Mitsui OSK',
  今治: 'Imabari',
  大島: 'Oshima',
  常石: 'Tsuneishi',
  名村: 'Namura',
  石川島播磨: 'Ishikawajima Harima',
  佐世保: 'Sasebo',
  住友重機械: 'Sumitomo Heavy Industries',
  日本製鉄: 'Nippon Steel',
  神戸製鋼: 'Kobe Steel',
  鹿島: 'Kajima',
  大林: 'Obayashi',
  清水: 'Shimizu',
  大成: 'Taisei',
  竹中: 'Takenaka',
  東京: 'Tokyo',
  大阪: 'Osaka',
  横浜: 'Yokohama',
  名古屋: 'Nagoya',
  京都: 'Kyoto',
  神戸: 'Kobe',
  関西: 'Kansai',
  九州: 'Kyushu',
  北海道: 'Hokkaido',
  東北: 'Tohoku',
  中部: 'Chubu',
  静岡: 'Shizuoka',
  千葉: 'Chiba',
  福岡: 'Fukuoka',
  オウム真理教: 'Aum Shinrikyo',
  日本赤軍: 'Japanese Red Army',
  山口組: 'Yamaguchi Gumi',
  六代目山口組: 'Rokudaime Yamaguchi Gumi',
  神戸山口組: 'Kobe Yamaguchi Gumi',
  任侠山口組: 'Ninkyo Yamaguchi Gumi',
  山健組: 'Yamaken Gumi',
  弘道会: 'Kodo Kai',
  絆會: 'Kizuna Kai',
  住吉会: 'Sumiyoshi Kai',
  稲川会: 'Inagawa Kai',
  工藤会: 'Kudo Kai',
  工藤會: 'Kudo Kai',
  道仁会: 'Dojin Kai',
  極東会: 'Kyokuto Kai',
  松葉会: 'Matsuba Kai',
  会津小鉄会: 'Aizukotetsu Kai',
  旭琉会: 'Kyokuryu Kai',
  双愛会: 'Soai Kai',
  共政会: 'Kyosei Kai',
  侠道会: 'Kyodo Kai',
  俠道会: 'Kyodo Kai',
  太州会: 'Taishu Kai',
  福博会: 'Fukuhaku Kai',
  浅野組: 'Asano Gumi',
  酒梅組: 'Sakaume Gumi',
  東組: 'Azuma Gumi',
  合田一家: 'Goda Ikka',
  小桜一家: 'Kozakura Ikka',
};

/** Corporate suffixes after a company name, with the word lists use for them. */
const CORPORATE_SUFFIXES: Record<string, string> = {
  商事: 'Shoji',
  銀行: 'Bank',
  信託銀行: 'Trust Bank',
  証券: 'Securities',
  重工業: 'Heavy Industries',
  重工: 'Heavy Industries',
  工業: 'Industries',
  物産: 'Bussan',
  電機: 'Electric',
  電気: 'Electric',
  電器: 'Electric',
  電力: 'Electric Power',
  化学: 'Chemical',
  自動車: 'Motor',
  製作所: 'Seisakusho',
  建設: 'Kensetsu',
  工務店: 'Komuten',
  海運: 'Kaiun',
  汽船: 'Kisen',
  造船: 'Zosen',
  組: 'Gumi',
  会: 'Kai',
  會: 'Kai',
  一家: 'Ikka',
};
/** Longest first, so that 重工業 is tried before 工業. */
const SUFFIXES_BY_LENGTH = Object.keys(CORPORATE_SUFFIXES).sort((a, b) => b.length - a.length);
/** Legal-form words that say nothing about which company it is (㈱ is (株) after NFKC). */
const LEGAL_FORMS = /株式会社|有限会社|合同会社|\(株\)|\(有\)/gu;

/**
 * Family names: the most common ones and well-known bearers; readings most usual first, both
 * given where two are usual.
 */
const SURNAMES = readingTable(`
  佐藤 sato  鈴木 suzuki  高橋 takahashi  田中 tanaka  伊藤 伊東 ito  渡辺 渡邊 渡邉 渡部 watanabe
  山本 yamamoto  中村 nakamura  小林 kobayashi  加藤 kato  吉田 yoshida  山田 yamada
  佐々木 sasaki  山口 yamaguchi  松本 matsumoto  井上 inoue  木村 kimura  林 hayashi
  斎藤 齋藤 斉藤 齊藤 saito  清水 shimizu  山崎 yamazaki/yamasaki  森 mori  池田 ikeda
  橋本 橋下 hashimoto  阿部 安倍 安部 abe  石川 ishikawa  山下 yamashita
  中島 nakajima/nakashima  石井 ishii  小川 ogawa  前田 maeda  岡田 okada  長谷川 hasegawa
  藤田 fujita  後藤 goto  近藤 kondo  村上 murakami  遠藤 endo  青木 aoki  坂本 sakamoto
  福田 fukuda  太田 ota  西村 nishimura  藤井 fujii  金子 kaneko  岡本 okamoto
  藤原 fujiwara  中野 nakano  三浦 miura  原田 harada  中川 nakagawa  松田 matsuda
  竹内 takeuchi  小野 大野 ono  田村 tamura  中山 nakayama  和田 wada  石田 ishida
  森田 盛田 morita  上田 植田 ueda  原 hara  内田 uchida  柴田 shibata  酒井 sakai
  宮崎 miyazaki  横山 yokoyama  高木 takagi  安藤 ando  宮本 miyamoto  小島 kojima
  谷口 taniguchi  今井 imai  工藤 kudo  高田 takada  増田 masuda  丸山 maruyama
  杉山 sugiyama  村田 murata  大塚 otsuka  新井 荒井 arai  小山 koyama/oyama  平野 hirano
  藤本 fujimoto  河野 kono/kawano  上野 ueno  野口 noguchi  武田 竹田 takeda  松井 matsui
  千葉 chiba  岩崎 iwasaki  菅原 sugawara  木下 kinoshita  久保 kubo  佐野 sano
  野村 nomura  松尾 matsuo  市川 ichikawa  菊地 菊池 kikuchi  杉本 sugimoto  古川 furukawa
  大西 onishi  島田 嶋田 shimada  水野 mizuno  桜井 櫻井 sakurai  高野 takano
  吉川 yoshikawa  山内 yamauchi  西田 nishida  飯田 iida  西川 nishikawa  小松 komatsu
  北村 kitamura  安田 yasuda  五十嵐 igarashi  川口 kawaguchi  平田 hirata  関 seki
  中田 nakata  久保田 kubota  服部 hattori  東 higashi/azuma  岩田 iwata  土屋 土谷 tsuchiya
  川崎 kawasaki  福島 fukushima  本田 本多 honda  辻 tsuji  樋口 higuchi  秋山 akiyama
  田口 taguchi  永井 nagai  山中 yamanaka  中西 nakanishi  吉村 yoshimura  川上 kawakami
  石原 ishihara  大橋 ohashi  松岡 matsuoka  馬場 baba  浜田 濱田 hamada  森本 morimoto
  星野 hoshino  矢野 yano  浅野 asano  大久保 okubo  松下 matsushita  吉井 yoshii
  小池 koike  野田 noda  荒木 araki  大谷 otani  内藤 naito  松浦 matsuura  熊谷 kumagai
  黒田 kuroda  尾崎 ozaki  永田 nagata  川村 kawamura  望月 mochizuki  田辺 tanabe
  松村 matsumura  岸田 kishida  菅 suga/kan  石破 ishiba  小泉 koizumi  麻生 aso
  黒澤 黒沢 kurosawa  麻原 asahara  東條 東条 tojo  鳩山 hatoyama  細川 hosokawa
  小渕 obuchi  宇野 uno  竹下 takeshita  中曽根 nakasone  大平 ohira  三木 miki  岸 kishi
  重信 shigenobu  上祐 joyu  宅間 takuma  豊田 toyoda/toyota  井深 ibuka  孫 son
  三島 mishima  川端 kawabata  大江 oe  夏目 natsume  芥川 akutagawa  北野 kitano
  宮沢 宮澤 miyazawa  司 tsukasa  篠田 shinoda  高山 takayama  上村 uemura/kamimura
  小西 konishi  中尾 nakao  大川 okawa  堀 hori  片山 katayama  大石 oishi  松永 matsunaga
  本間 honma/homma  今村 imamura  田島 tajima  野崎 nozaki  堀内 horiuchi  西山 nishiyama
  早川 hayakawa  岡崎 okazaki  吉岡 yoshioka  坂口 sakaguchi  杉浦 sugiura  小田 織田 尾田 oda
  岡 oka  西 nishi  北 kita  南 minami  谷 tani  堤 tsutsumi  堀田 hotta  奥村 okumura
  今野 konno  新田 nitta  小沢 小澤 ozawa  菅野 kanno/sugano  平井 hirai  大島 oshima
  西野 nishino  栗原 kurihara  桑原 kuwabara  三宅 miyake  藤川 fujikawa  中井 nakai
  岩本 iwamoto  松原 matsubara  岡村 okamura  宮田 miyata  川島 kawashima  大竹 otake
  宮下 miyashita  北川 kitagawa  上原 uehara  河合 川合 kawai  須藤 sudo  杉田 sugita
  福井 fukui  松山 matsuyama  広瀬 hirose  石塚 ishizuka  白石 shiraishi  沢田 澤田 sawada
  奥田 okuda  藤村 fujimura  内山 uchiyama  岩井 iwai  野中 nonaka  松島 matsushima
  関口 sekiguchi  田原 tahara  田代 tashiro  土井 doi  荒川 arakawa  富田 tomita
  吉野 yoshino  小原 ohara/kohara  宮内 miyauchi  大山 oyama  川田 kawata  足立 安達 adachi
  西岡 nishioka  小倉 ogura  米田 yoneda  高井 takai  緒方 ogata  佐久間 sakuma
  根本 nemoto  大沢 大澤 osawa  中沢 中澤 nakazawa  平山 hirayama  秋元 akimoto
  矢島 yajima  千田 chida/senda  吉本 yoshimoto  坂田 sakata  堀江 horie  藤沢 fujisawa
  浅井 asai  堀口 horiguchi  稲葉 inaba  西本 nishimoto  長田 nagata/osada  成田 narita
  関根 sekine  福本 fukumoto  古田 furuta  柳田 yanagita  塚本 tsukamoto  飯塚 iizuka
  松野 matsuno  大木 oki  片岡 kataoka  高瀬 takase  村井 murai  吉原 yoshihara
  石山 ishiyama  金井 kanai  大森 omori  須田 suda  日高 hidaka  茂木 motegi  安井 yasui
  長尾 nagao  武藤 muto  奥山 okuyama  竹中 takenaka  宮原 miyahara  堀川 horikawa
  中谷 nakatani  国分 kokubun  榎本 enomoto  梅田 umeda  村山 murayama  岡野 okano
  青山 aoyama  西尾 nishio  水谷 mizutani  川本 kawamoto  吉沢 yoshizawa  金田 kaneda
  長野 nagano  細田 hosoda  鎌田 kamata  三上 mikami  神田 kanda  江口 eguchi  遠山 toyama
  高島 takashima  佐伯 saeki  立花 tachibana  宮川 miyagawa  稲垣 inagaki  泉 izumi
  黒川 kurokawa  長嶋 長島 nagashima  小野田 onoda
  太宰 dazai  東野 higashino  司馬 shiba  谷崎 tanizaki  正岡 masaoka  与謝野 yosano
  羽生 hanyu/habu  錦織 nishikori  香川 kagawa  長友 nagatomo  内村 uchimura
  北島 kitajima  伊調 icho  浅田 asada  松坂 matsuzaka  野茂 nomo  手塚 tezuka
  鳥山 toriyama  久石 hisaishi  小津 ozu  溝口 mizoguchi  三船 mifune  渋沢 渋澤 shibusawa
  湯川 yukawa  高畑 takahata  宮部 miyabe  大坂 osaka  柳井 yanai  三木谷 mikitani
  稲盛 inamori  枝野 edano  前原 maehara  二階 nikai  甘利 amari  高市 takaichi
  上川 kamikawa  稲田 inada  萩生田 hagiuda  世耕 seko  谷垣 tanigaki  海部 kaifu
  羽田 hata/haneda  広田 hirota  近衛 konoe  板垣 itagaki  土肥原 doihara  木戸 kido
  東郷 togo  乃木 nogi  西郷 saigo  伊達 date  徳川 tokugawa  豊臣 toyotomi  明智 akechi
  源 minamoto  平 taira/hira  福沢 福澤 fukuzawa  新渡戸 nitobe  植松 uematsu
  山上 yamagami  青葉 aoba  田岡 taoka  入江 irie  野内 nouchi  稲川 inagawa  新実 niimi
`);

/** Given names read whole: common ones and those of well-known people. */
const GIVEN = readingTable(`
  晋三 shinzo  文雄 fumio  義偉 yoshihide  茂 shigeru  純一郎 潤一郎 junichiro  太郎 taro
  次郎 二郎 jiro  三郎 saburo  四郎 shiro  五郎 goro  春樹 haruki  明 akira  駿 hayao/shun
  彰晃 shoko  英機 hideki  五十六 isoroku  一郎 ichiro  花子 hanako  由紀夫 yukio
  康成 yasunari  健三郎 kenzaburo  漱石 soseki  龍之介 ryunosuke  武 takeshi  喜一 kiichi
  龍一 ryuichi  房子 fusako  正義 masayoshi  昭夫 明夫 章夫 章男 akio  大 masaru/dai
  浩 hiroshi  誠 makoto  健 ken/takeshi  翔 sho/kakeru  蓮 ren  陽翔 haruto  結衣 yui
  陽菜 hina  美咲 misaki  愛 ai  恵子 啓子 敬子 圭子 景子 桂子 keiko  幸子 sachiko
  洋子 陽子 葉子 yoko  裕子 yuko/hiroko  直子 尚子 奈緒子 naoko  明美 朱美 akemi
  健太 kenta  大輔 大介 daisuke  拓也 拓哉 卓也 takuya  翔太 将太 shota  直樹 naoki
  和也 kazuya  達也 竜也 tatsuya  雄一 裕一 祐一 yuichi  浩二 浩司 幸治 耕治 koji
  健一 kenichi  誠一 seiichi  正 tadashi  清 kiyoshi  勇 isamu  実 稔 minoru  進 susumu
  修 治 osamu  博 宏 弘 hiroshi  隆 孝 崇 takashi  剛 tsuyoshi/go  勝 masaru  豊 yutaka
  正夫 正男 正雄 雅夫 masao  和夫 和男 一夫 一男 和雄 一雄 kazuo  義男 義夫 良夫 yoshio
  敏夫 敏雄 俊夫 toshio  秀樹 英樹 秀喜 hideki  秀夫 秀雄 英雄 hideo  光 hikaru
  昭 晃 彰 章 朗 akira  信夫 信雄 nobuo  信也 shinya  慎太郎 晋太郎 shintaro  一 hajime
  功 勲 isao  弘道 hiromichi  智子 友子 朋子 知子 tomoko  真由美 mayumi  由美子 yumiko
  久美子 kumiko  美穂 miho  千尋 chihiro  さくら 桜 咲良 sakura  ひろし hiroshi  はな hana
  喜朗 yoshiro  直人 naoto  佳彦 yoshihiko  康夫 泰男 yasuo  赳夫 武夫 武雄 takeo
  龍太郎 ryutaro  恵三 敬三 keizo  登 昇 noboru  宗佑 sosuke  俊樹 toshiki
  護熙 morihiro  孜 勉 努 勤 tsutomu  富市 tomiichi  栄作 eisaku  勇人 hayato
  信介 nobusuke  角栄 kakuei  康弘 yasuhiro  正芳 masayoshi  芳正 yoshimasa  善幸 zenko
  幸男 幸夫 行雄 幸雄 yukio  克也 勝也 katsuya  洋平 yohei  伸晃 nobuteru  淳 jun/atsushi
  学 manabu  聡 satoshi  悟 satoru  徹 亨 toru  亮 ryo/akira  涼 ryo  潤 jun  守 mamoru
  保 tamotsu  敦 篤 atsushi  薫 kaoru  望 nozomu  優 yu/masaru  翼 tsubasa  陸 riku
  悠真 yuma  湊 minato  樹 itsuki  大和 yamato  蒼 aoi/sora  悠人 悠斗 優斗 佑都 yuto
  大翔 hiroto/yamato  陽太 hinata/yota  颯太 sota  朝陽 asahi  大智 大地 daichi
  拓海 巧 匠 takumi  海斗 kaito  健斗 kento  悠 yu/haruka  智也 tomoya  哲也 徹也 tetsuya
  和彦 kazuhiko  雅彦 masahiko  信彦 nobuhiko  秀明 hideaki  英二 英治 eiji  栄一 eiichi
  貴之 takayuki  雅之 masayuki  博之 裕之 浩之 hiroyuki  和之 kazuyuki  智之 tomoyuki
  正人 雅人 masato  隼人 hayato  隼 hayato/shun  勇気 yuki  裕太 雄太 悠太 yuta
  祐介 雄介 裕介 yusuke  圭介 啓介 圭佑 keisuke  恭介 kyosuke  俊介 駿介 shunsuke
  亮介 涼介 ryosuke  健介 kensuke  洋介 陽介 洋右 yosuke  康介 浩介 耕介 kosuke
  龍馬 ryoma  翔平 shohei  大樹 daiki/hiroki  弘樹 浩樹 hiroki  和樹 一樹 一輝 kazuki
  直哉 naoya  信之 nobuyuki  真一 伸一 慎一 新一 shinichi  浩一 幸一 耕一 光一 koichi
  修一 秀一 shuichi  俊一 shunichi  純一 淳一 潤一 順一 junichi  健二 賢治 健司 謙二 賢二 kenji
  雄二 祐二 裕二 yuji  誠二 誠司 seiji  龍二 竜二 ryuji  修二 shuji  健三 kenzo
  雄三 yuzo  正三 省三 shozo  健太郎 kentaro  幸太郎 光太郎 小太郎 kotaro
  雄一郎 裕一郎 yuichiro  健一郎 kenichiro  誠一郎 seiichiro  正一郎 shoichiro
  洋一郎 yoichiro  宗一郎 soichiro  幸之助 konosuke  茂雄 shigeo  国男 邦夫 邦雄 kunio
  輝夫 teruo  晴夫 春夫 haruo  哲夫 哲男 tetsuo  光男 光雄 mitsuo  達夫 tatsuo
  孝夫 隆夫 高雄 takao  忠夫 忠雄 tadao  道夫 michio  恒夫 tsuneo  寛 hiroshi/kan
  洋 hiroshi/yo  裕 yutaka/hiroshi  豪 go/tsuyoshi  毅 tsuyoshi/takeshi  猛 takeshi
  岳 gaku/takeshi  正和 masakazu  正樹 masaki  正明 masaaki  雅史 正志 masashi
  賢 ken/satoshi  謙 ken  哲 satoshi/tetsu  哲郎 tetsuro  拓郎 takuro  拓 taku
  卓 taku/suguru  雅也 masaya  誠也 seiya  暁 akira/satoru  旭 akira/asahi
  輝 hikaru/akira  晶 akira/sho  啓 kei/hiraku  圭 kei  慶 kei  恵 megumi/kei
  敬 takashi/kei  航 渉 wataru  歩 ayumu/ayumi  海 kai/umi  空 sora  新 arata/shin  類 塁 rui
  和子 kazuko  京子 響子 恭子 今日子 kyoko  節子 setsuko  順子 純子 淳子 junko
  良子 芳子 淑子 yoshiko  佳子 yoshiko/keiko/kako  典子 noriko  紀子 noriko/kiko
  久子 hisako  弘子 博子 hiroko  優子 祐子 yuko  明子 昭子 晶子 亜希子 akiko
  美智子 道子 michiko  真理子 麻里子 mariko  真紀子 makiko  雅子 正子 昌子 masako
  理恵 rie  理恵子 rieko  千恵 智恵 chie  千恵子 智恵子 chieko  千代 chiyo  千代子 chiyoko
  千春 chiharu  千秋 chiaki  千夏 chinatsu  千里 chisato  智美 友美 朋美 tomomi
  美香 美佳 美嘉 mika  美奈子 minako  美紀 美樹 美希 miki  美由紀 美幸 深雪 みゆき miyuki
  由紀 有希 yuki  由紀子 雪子 yukiko  百合子 yuriko  百合 yuri  沙織 沙保里 saori
  香織 かおり kaori  香 kaori/kaoru  馨 kaoru/kaori  沙耶香 さやか sayaka  彩 綾 亜矢 aya
  彩香 綾香 ayaka  彩子 綾子 ayako  文子 fumiko/ayako  富美子 fumiko  加奈子 kanako
  奈々 nana  菜々子 nanako  奈美 nami  成美 narumi  夏美 natsumi  舞 麻衣 mai  愛子 aiko
  藍 ai  瞳 ひとみ hitomi  めぐみ megumi  恵美 絵美 emi  恵美子 emiko  由美 yumi
  裕美 yumi/hiromi  麻美 asami  亜美 ami  あゆみ ayumi  明日香 飛鳥 asuka  杏 an/anzu
  杏奈 anna  杏子 kyoko/anzu  玲子 礼子 麗子 reiko  涼子 ryoko  咲 早紀 沙紀 saki
  早苗 sanae  里美 聡美 satomi  里奈 rina  里沙 理沙 risa  美里 misato  真央 麻央 mao
  真奈美 manami  愛美 manami/aimi  葵 aoi  凛 rin  陽葵 himari  結菜 優奈 yuna  結愛 yua
  芽依 mei  莉子 riko  紬 tsumugi  心春 koharu  美月 mizuki  優花 由香 由佳 yuka
  未来 miku/mirai  美緒 澪 mio  心 kokoro  遥 春香 遥香 はるか haruka  奈央 nao
  真希 真紀 maki  真美 mami  真理 麻里 mari  蘭 ran  静香 静 shizuka  信子 nobuko
  敏子 俊子 toshiko  喜美子 君子 kimiko  登美子 富子 tomiko  澄子 sumiko
  清子 kiyoko/sayako  照子 teruko  光子 美津子 mitsuko  律子 ritsuko  悦子 etsuko
  英子 eiko/hideko  栄子 eiko  絵里子 eriko  絵里 恵理 eri  恵梨香 erika  貴子 孝子 takako
  千鶴 chizuru  千鶴子 chizuko  鶴子 tsuruko  菊子 kikuko  梅子 umeko  松子 matsuko
  春子 haruko  夏子 natsuko  冬子 fuyuko  雅美 正美 masami  真澄 masumi  晴美 春美 harumi
  眞子 mako  真子 mako/masako  聖子 seiko  なおみ naomi  ばなな banana
  悠仁 hisahito  徳仁 naruhito  文仁 fumihito  明仁 akihito  裕仁 hirohito
  秀吉 hideyoshi  信長 nobunaga  家康 ieyasu  光秀 mitsuhide  政宗 masamune
  隆盛 takamori  利通 toshimichi  博文 hirobumi  重信 shigenobu  有朋 aritomo
  退助 taisuke  諭吉 yukichi  英世 hideyo  弥太郎 yataro  喜一郎 kiichiro  浩史 hiroshi
  治虫 osamu  安二郎 yasujiro  敏郎 toshiro  譲 joe/yuzuru  龍 ryu  清張 seicho
  周作 shusaku  公房 kobo  鴎外 鷗外 ogai  啄木 takuboku  子規 shiki  芭蕉 basho
  一葉 ichiyo  結弦 yuzuru  善治 yoshiharu  聡太 sota  英寿 hidetoshi  航平 kohei
  真司 shinji  俊博 toshihiro  敏充 toshimitsu  勝信 katsunobu  康稔 yasutoshi
  弘成 hiroshige  禎一 sadakazu  洋右 yosuke  弘毅 koki  文麿 fumimaro  征四郎 seishiro
  平八郎 heihachiro  希典 maresuke  史浩 fumihiro  智大 tomohiro  嘉浩 yoshihiro
  智正 tomomasa  紀代秀 kiyohide  智光 tomomitsu  聖 satoshi/sei  忍 shinobu
  建市 kenichi  清司 kiyoshi/seiji  正久 masahisa  芳則 yoshinori  禎 tadashi
  正博 masahiro  聖城 kakuji  寛郎 hiroo
`);

/**
 * The usual reading of a kanji inside a given name, for names not in GIVEN (first reading
 * first; a second where the character often reads another way in names).
 */
const NAME_KANJI = readingTable(`
  一 ichi/kazu  二 ji/tsugu  三 zo/mitsu  四 shi  五 go  六 roku  七 shichi/nana
  八 hachi/ya  九 ku  十 ju  百 momo  千 chi/kazu  万 man  太 ta  郎 ro  朗 ro/aki  子 ko
  美 mi/yoshi  智 tomo/chi  知 tomo/chi  友 tomo/yu  朋 tomo  和 kazu/wa  正 masa/sho
  秀 hide/shu  英 hide/ei  浩 hiro/ko  弘 hiro/ko  博 hiro  宏 hiro  寛 hiro/kan
  洋 hiro/yo  広 hiro  紘 hiro  尋 hiro  裕 yu/hiro  大 dai/hiro  健 ken/take  賢 ken
  謙 ken  研 ken  憲 nori/ken  誠 sei/masa  信 nobu/shin  義 yoshi/gi  良 yoshi/ryo
  善 yoshi/zen  喜 yoshi/ki  嘉 yoshi/ka  芳 yoshi/ka  吉 yoshi/kichi  佳 ka/yoshi
  明 aki/mei  昭 aki/sho  晃 aki/ko  彰 aki/sho  章 aki/sho  秋 aki  亮 ryo/aki
  光 mitsu/ko  満 mitsu  充 mitsu  幸 yuki/ko  雪 yuki  之 yuki  行 yuki  征 yuki
  雄 o/yu  夫 o  男 o  生 o  樹 ki  紀 ki/nori  貴 taka/ki  輝 teru/ki  希 ki/mare
  也 ya/nari  哉 ya  弥 ya/mi  介 suke  輔 suke  助 suke  祐 yu/suke  佑 yu/suke
  彦 hiko  人 to/hito  斗 to  翔 sho/to  真 ma/shin  麻 ma/asa  由 yu/yoshi  優 yu/masa
  悠 yu/haru  有 yu/ari  結 yui/yu  恵 e/kei  絵 e  江 e  枝 e  栄 ei  永 ei/naga  瑛 ei
  衣 i  依 i/e  伊 i  奈 na  菜 na  那 na  名 na  成 nari  香 ka/kaori  花 ka/hana  加 ka
  可 ka  夏 natsu/ka  華 ka/hana  果 ka  里 ri/sato  理 ri/masa  莉 ri  梨 ri  利 toshi/ri
  凛 rin  鈴 suzu/rin  紗 sa  沙 sa  咲 saki/sa  早 sa  彩 aya/sa  綾 aya  文 fumi/aya
  史 fumi/shi  隆 taka/ryu  孝 taka/ko  高 taka/ko  崇 taka  尊 taka  敬 kei/taka
  敏 toshi  俊 toshi/shun  寿 toshi/hisa  年 toshi  直 nao  尚 nao/hisa  治 haru/ji
  達 tatsu  竜 ryu/tatsu  龍 ryu/tatsu  辰 tatsu  康 yasu/ko  泰 yasu/tai  安 yasu/an
  保 yasu/ho  靖 yasu  恭 kyo/yasu  清 kiyo/sei  聖 sei/kiyo  純 jun/sumi  順 jun
  淳 jun/atsu  潤 jun  伸 nobu/shin  延 nobu  宣 nobu  晋 shin  慎 shin  新 shin
  進 shin  心 shin/ko  勝 katsu/sho  克 katsu  武 take/mu  竹 take  岳 take/gaku
  丈 take/jo  雅 masa/ga  昌 masa/sho  政 masa/sei  将 masa/sho  仁 hito/jin
  春 haru/shun  陽 haru/yo  晴 haru/sei  遥 haru  冬 fuyu  京 kyo/kei  啓 kei/hiro
  圭 kei  慶 kei  景 kei  桂 kei  海 umi/kai  空 sora/ku  星 hoshi/sei  月 tsuki  桜 sakura
  梅 ume  松 matsu  菊 kiku  蘭 ran  玲 rei  礼 rei  麗 rei  零 rei  涼 ryo  遼 ryo  諒 ryo
  司 ji/shi  茂 shige  重 shige  繁 shige  徳 nori/toku  典 nori  範 nori  則 nori  法 nori
  規 nori/ki  至 shi  志 shi  士 shi  詩 shi  次 ji  爾 ji  蔵 zo  造 zo  作 saku  平 hei
  吾 go  悟 go  守 mori  盛 mori  宗 so/mune  聡 sato/so  哲 tetsu  徹 tetsu  鉄 tetsu
  拓 taku/hiro  卓 taku  航 ko/wata  耕 ko  功 ko  公 kimi/ko  君 kimi  久 hisa/ku
  長 naga/cho  修 shu/osa  周 shu  駿 shun/toshi  勇 yu/isa  陸 riku  力 riki/chika
  律 ritsu  道 michi  通 michi  実 mi  未 mi  恒 tsune  常 tsune  鶴 tsuru  波 nami
  乃 no  芽 me  愛 ai/mana  藍 ai  亜 a  杏 an  朝 asa  歩 ayu/ho  照 teru  晶 aki/sho
  昇 sho/nobu  祥 sho/yoshi  佐 suke/sa  瑞 mizu  穂 ho  帆 ho  豊 toyo  富 tomi/to
  都 to  房 fusa  郁 iku  音 ne/oto  市 ichi
`);

/** Kana syllables in modified Hepburn, keyed by hiragana (katakana are folded onto them). */
const KANA_SYLLABLES: Record<string, string> = Object.fromEntries(
  `あ a い i う u え e お o か ka き ki く ku け ke こ ko が ga ぎ gi ぐ gu げ ge ご go
   さ sa し shi す su せ se そ so ざ za じ ji ず zu ぜ ze ぞ zo た ta ち chi つ tsu て te と to
   だ da ぢ ji づ zu で de ど do な na に ni ぬ nu ね ne の no は ha ひ hi ふ fu へ he ほ ho
   ば ba び bi ぶ bu べ be ぼ bo ぱ pa ぴ pi ぷ pu ぺ pe ぽ po ま ma み mi む mu め me も mo
   や ya ゆ yu よ yo ら ra り ri る ru れ re ろ ro わ wa ゐ i ゑ e を o ん n ゔ vu ゎ wa
   ゕ ka ゖ ga ヷ va ヸ vi ヹ ve ヺ vo ぁ a ぃ i ぅ u ぇ e ぉ o ゃ ya ゅ yu ょ yo`
    .trim()
    .split(/\s+/u)
    .reduce<[string, string][]>((pairs, token, i, all) => {
      if (i % 2 === 0) pairs.push([token, all[i + 1]!]);
      return pairs;
    }, []),
);
/** Small vowels, which modify the syllable before them (ファ fa, ティ ti, ウィ wi, シェ she). */
const SMALL_VOWELS: Record<string, string> = { ぁ: 'a', ぃ: 'i', ぅ: 'u', ぇ: 'e', ぉ: 'o' };
/** Small ya/yu/yo, which join an i-syllable before them (きゃ kya, しゃ sha). */
const SMALL_Y: Record<string, string> = { ゃ: 'a', ゅ: 'u', ょ: 'o' };
/** Kana the voiced iteration mark ゞ turns into their voiced partner (the next code point). */
const VOICEABLE = new Set('かきくけこさしすせそたちつてとはひふへほ');

function toHiragana(ch: string): string {
  const code = ch.codePointAt(0)!;
  // Katakana ァ..ヶ and the iteration marks ヽヾ sit 0x60 above their hiragana twins.
  if ((code >= 0x30a1 && code <= 0x30f6) || code === 0x30fd || code === 0x30fe)
    return String.fromCodePoint(code - 0x60);
  return ch;
}

/** Kana as hiragana, with the iteration marks ゝゞ replaced by the kana they repeat. */
function expandKana(text: string): string[] {
  const chars: string[] = [];
  for (const raw of text) {
    const ch = toHiragana(raw);
    const prev = chars.at(-1);
    if ((ch === 'ゝ' || ch === 'ゞ') && prev !== undefined) {
      const voiced = ch === 'ゞ' && VOICEABLE.has(prev);
      chars.push(voiced ? String.fromCodePoint(prev.codePointAt(0)! + 1) : prev);
    } else chars.push(ch);
  }
  return chars;
}

/**
 * One run of kana in modified Hepburn, lower case, long vowels written as one vowel (no
 * macrons): ou, oo and uu become o and u, and the katakana length mark ー is dropped.
 * Characters that are not kana pass through unchanged.
 */
function romaniseRun(text: string): string {
  const syllables: string[] = [];
  let geminate = false;
  for (const ch of expandKana(text)) {
    const last = syllables.length - 1;
    const prev = syllables[last];
    if (ch === 'ー') continue;
    if (ch === 'っ') {
      geminate = true;
      continue;
    }
    const yVowel = SMALL_Y[ch];
    if (yVowel !== undefined && prev !== undefined && prev.length > 1 && prev.endsWith('i')) {
      const base = prev.slice(0, -1);
      syllables[last] = /(sh|ch|j)$/u.test(base) ? base + yVowel : `${base}y${yVowel}`;
      continue;
    }
    const vowel = SMALL_VOWELS[ch];
    if (vowel !== undefined && prev !== undefined && prev !== 'n') {
      const base = prev === 'u' ? 'w' : prev === 'i' ? 'y' : prev.replace(/[aiueo]$/u, '');
      syllables[last] = base + vowel;
      continue;
    }
    let syllable = KANA_SYLLABLES[ch] ?? ch;
    // A long vowel spelt out in kana (とう, おお, ゆう) is written as the one vowel.
    if (prev !== undefined && prev !== 'n' && !geminate) {
      if (syllable === 'u' && /[ou]$/u.test(prev)) continue;
      if (syllable === 'o' && prev.endsWith('o')) continue;
    }
    if (geminate && /^[b-df-hj-np-tv-z]/u.test(syllable) && syllable !== 'n') {
      // Small っ doubles the next consonant; before ch Hepburn writes t (まっちゃ matcha).
      syllable = syllable.startsWith('ch') ? `t${syllable}` : syllable[0]! + syllable;
    }
    geminate = false;
    syllables.push(syllable);
  }
  return syllables.join('');
}

function capitalise(text: string): string {
  return text
    .split(' ')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * Kana text in modified Hepburn romanisation, long vowels written as one vowel, each word
 * capitalised (とうきょう → Tokyo, ソニー → Soni, まっちゃ → Matcha). Spaces and middle dots
 * separate words; other characters pass through.
 */
export function romaniseKana(text: string): string {
  return text
    .normalize('NFKC')
    .split(SEPARATORS)
    .filter((word) => word !== '')
    .map((word) => capitalise(romaniseRun(word)))
    .join(' ');
}

/** Whether a name is written in kanji (with optional kana), i.e. could be a Japanese name. */
export function hasKanji(name: string): boolean {
  const compact = name.normalize('NFKC').replace(SEPARATORS, '');
  return KANJI.test(compact) && ALL_JAPANESE.test(compact);
}

function isKana(text: string): boolean {
  return ALL_KANA.test(text);
}

function companyReading(compact: string): string | undefined {
  const name = compact.replace(LEGAL_FORMS, '');
  if (name === '') return undefined;
  const whole = lookup(COMPANIES, name);
  if (whole !== undefined) return whole;
  for (const suffix of SUFFIXES_BY_LENGTH) {
    if (!name.endsWith(suffix)) continue;
    const head = lookup(COMPANIES, name.slice(0, -suffix.length));
    if (head !== undefined) return `${head} ${CORPORATE_SUFFIXES[suffix]!}`;
  }
  return undefined;
}

/**
 * A given name not in GIVEN, composed from the name readings of its characters: the first
 * reading of each, then the same with the second reading of the first character that has
 * one. Kana in it are read as written; 々 repeats the character before it.
 */
function composeGiven(given: string): string[] {
  const units: string[][] = [];
  let kana = '';
  for (const ch of given) {
    if (KANA_CHAR.test(ch)) {
      kana += ch;
      continue;
    }
    if (kana !== '') units.push([romaniseRun(kana)]);
    kana = '';
    const readings = ch === '々' ? units.at(-1) : lookup(NAME_KANJI, ch);
    if (readings === undefined) return [];
    units.push(readings);
  }
  if (kana !== '') units.push([romaniseRun(kana)]);
  const first = units.map((readings) => readings[0]!);
  const variants = [first];
  const split = units.findIndex((readings) => readings.length > 1);
  if (split >= 0) variants.push(first.map((r, i) => (i === split ? units[i]![1]! : r)));
  // Joined readings keep n before a vowel as is (Junichi, Kenya), the way names are written;
  // a long vowel made across two characters is written as one vowel.
  const joined = variants.map((parts) => parts.join('').replace(/ou/gu, 'o').replace(/uu/gu, 'u'));
  return [...new Set(joined)];
}

function givenReadings(given: string): string[] {
  const known = lookup(GIVEN, given);
  if (known !== undefined) return known;
  if (isKana(given)) return [romaniseRun(given)];
  // A one-character given name has a reading of its own (明 Akira, 誠 Makoto), not its
  // reading inside compounds; one missing from GIVEN is left unread rather than misread.
  if ([...given].length < 2) return [];
  return composeGiven(given);
}

const MAX_READINGS = 4;

/** Given × family readings, the pairs of most usual readings first. */
function combine(family: string[], given: string[]): string[] {
  const pairs: { rank: number; f: number; text: string }[] = [];
  family.forEach((f, fi) =>
    given.forEach((g, gi) =>
      pairs.push({ rank: fi + gi, f: fi, text: `${capitalise(g)} ${capitalise(f)}` }),
    ),
  );
  pairs.sort((a, b) => a.rank - b.rank || a.f - b.f);
  return [...new Set(pairs.map((p) => p.text))].slice(0, MAX_READINGS);
}

function personReadings(family: string, given: string): string[] {
  const familyReadings = lookup(SURNAMES, family) ?? (isKana(family) ? [romaniseRun(family)] : []);
  if (familyReadings.length === 0) return [];
  if (given === '') return familyReadings.slice(0, MAX_READINGS).map(capitalise);
  const readings = givenReadings(given);
  return readings.length === 0 ? [] : combine(familyReadings, readings);
}

/**
 * Latin readings of a Japanese name written in kanji (optionally mixed with kana), as lists and
 * the press write them: modified Hepburn without macrons (long vowels written as one vowel:
 * 東條 → Tojo, 大野 → Ono, 伊藤 → Ito; ou/oo/uu collapsed), given name first then family name
 * (Shinzo Abe), each reading a plain string of words separated by single spaces, capitalised.
 * Returns [] when the name cannot be read (no known family name at its start and no known
 * company name), so that Chinese names get nothing. At most 4 readings, most usual first.
 */
export function japaneseReadings(name: string): string[] {
  const words = name
    .normalize('NFKC')
    .replace(/・/gu, '')
    .split(/\s+/u)
    .filter((word) => word !== '');
  const compact = words.join('');
  if (!ANY_JAPANESE.test(compact)) return [];
  const company = companyReading(compact);
  if (company !== undefined) return [company];
  // A name all in kana is read as written, in its own word order.
  if (isKana(compact)) return [romaniseKana(words.join(' '))];
  if (!hasKanji(compact)) return [];
  // A space between two runs says where the family name ends.
  if (words.length > 1) return personReadings(words[0]!, words.slice(1).join(''));
  const chars = [...compact];
  // The longest known family name first; a shorter one if the rest cannot be read after it.
  for (let n = Math.min(3, chars.length); n >= 1; n--) {
    const family = chars.slice(0, n).join('');
    if (lookup(SURNAMES, family) === undefined) continue;
    const readings = personReadings(family, chars.slice(n).join(''));
    if (readings.length > 0) return readings;
  }
  return [];
}

/** The tables, for tests that check their form. */
export const JAPANESE_TABLES = { SURNAMES, GIVEN, NAME_KANJI, COMPANIES, CORPORATE_SUFFIXES };
