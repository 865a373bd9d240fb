/**
 * Word lists that person-name.ts reads names by: common East Asian surnames
 * in their usual romanizations, the syllables of those romanizations, and the
 * particles, titles and suffixes of Western names. Surnames, not people: a
 * surname alone never makes a name East Asian (see person-name.ts).
 * @module
 */

const words = (text: string) => new Set(text.trim().split(/\s+/));

/**
 * Chinese (pinyin, Wade–Giles, postal and Cantonese spellings), Korean and
 * Japanese surnames, folded (lower case, no hyphens or apostrophes).
 */
export const EAST_ASIAN_SURNAMES: ReadonlySet<string> = words(`
  ai an bai pai bao pao bi cai tsai choy chua cao tsao tso cen tsen chang cheng chen chan chin chi chien chiang chiao chou chow chu
  chuang chung cui tsui dai tai deng teng ding ting dong tung du tu duan tuan fan fang feng fung fu gao kao ko ge gong kung
  gu ku koo guan kuan kwan guo kuo kwok han hao he ho hou hu hua huang hwang wong hung hong ji jia chia jiang kiang jin kam
  kang kong lai lam lan lei leng li lee lie liang leung liao lin lam ling liu lau long lung lou lu loo luo lo lui ma mah mao
  meng mo mu ni nie pan peng poon qi ch'i qian qiao qin qiu chiu ren jen rong yung ruan shao shen shum shi shih sze song sung
  soong su sun tan tam tang tong tao tian tien wan wang wei wen weng wu ng xi hsi xia hsia xiang hsiang xiao hsiao siu xie hsieh
  tse xiong hsiung xu hsu hui tsui xue hsueh yan yen yang yeung yao yiu ye yeh yip yin yu yue yuan zeng tseng tsang zhai
  chai zhang zhao chao chiu zheng zhong zhou zhu zhuang zou tsou zuo tso
  ahn an bae baek paik byun byeon cha chae cho jo choe choi chun jeon chung jung jeong eom um gang ha han heo hur hong hwang
  im lim jang jeon jin joo ju kang kim ko go kwak kwon ryu yoo yu ri rhee yi moon mun min na nam noh roh no oh o park pak
  seo suh shin sin son sohn song won woo yang yoon yun
  abe aoki arai arita ando akiyama chiba endo fujii fujita fujiwara fukuda furukawa goto hamada hamaguchi hara harada hashimoto
  hata hatoyama hayashi higashikuni hiranuma hirano hirata hirota honda hosokawa ichikawa iida ikeda imai inoue inukai ishida
  ishihara ishii ishikawa ito iwasaki iwata kaifu kaneko kato katsura kawaguchi kawakami kawasaki kijima kikuchi kimura kinoshita
  kishi kitamura kobayashi koiso koizumi kojima komatsu kondo konoe konoye koyama kubo kubota kudo kurusu maeda makino
  maruyama masuda matsuda matsudaira matsui matsumoto matsuo matsuoka miki miura miyamoto miyazaki miyazawa mizuno mori
  morita motono murakami murata murayama nagai nakagawa nakajima nakamura nakano nakasone nakayama nishida nishimura
  noguchi nomura obuchi ogawa ohira okada okamoto okuma ono onishi oshima ota otani otsuka saionji saito sakai sakamoto
  sakurai sasaki sato sawada shibata shidehara shigemitsu shimada shimizu sugimoto sugiyama suzuki tachibana takada
  takagi takahashi takano takeda takeshita takeuchi tamura tanaka taniguchi terauchi togo tojo tsuchiya tsuji uchida ueda
  ueno uno wada wakatsuki watanabe yamada yamagata yamaguchi yamamoto yamashita yamazaki yasuda yokoyama yonai yoshida
  yoshikawa yoshimura chinda ishimaru kinoshita
`);

/** Western given names that are also made of romanized syllables ("Paul": pa-ul), never read as East Asian given names. */
export const WESTERN_GIVEN: ReadonlySet<string> = words(`
  paul maria mario anna ana ian dan dean jean joan jane june sue ann anne tom tim jim sam ben don ron leon leo gene rene hugo
  otto nina tina lena rosa rose hans john joe jose juan pablo pedro hal hank harry henry helen ellen alan allen alain dana diane
  ella emma eva lily jun moses nathan susan louis lucia luis
`);

/** One syllable of pinyin, Wade–Giles, Hepburn, Korean (RR/McCune–Reischauer) or Cantonese, folded and without apostrophes. */
export const ROMANIZED_SYLLABLE = [
  // pinyin
  '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uai|uan|ian|iao|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u)',
  // Wade–Giles and postal
  '(?:ch|hs|ts|tz|sh|[kptjfhlmnswy])?(?:iang|iung|uang|ang|eng|ing|ung|uai|uan|ien|ieh|ueh|iao|ai|ei|ao|ou|an|en|in|un|ia|iu|ua|uo|ui|erh|ih|a|o|e|i|u)',
  // Korean
  '(?:kk|tt|pp|ss|jj|ch|[gkndtrlmbpsjh])?(?:yae|yeo|wae|ae|ya|eo|ye|wa|oe|yo|wo|we|wi|yu|eu|ui|oo|ee|ou|a|e|i|o|u)(?:ng|k|n|t|l|m|p)?',
  // Cantonese
  '(?:ch|sh|ts|ng|kw|gw|[bpmfdtnlgkhjzcswy])?(?:aa|ai|au|ei|eu|iu|oi|ou|ui|oe|eo|yu|a|e|i|o|u)(?:ng|[mnptk])?',
  // Hepburn (with syllabic n, m before b/p, and doubled consonants)
  '(?:ky|gy|sh|ch|ny|hy|my|ry|by|py|ts|[kgsztdnhbpmyrwjf])?[aiueo]{1,2}(?:n(?![aiueoy])|m(?=[bp]))?',
  '[kstp](?=[kstpc])',
].join('|');

/** Pinyin and Hepburn syllables only (see person-name.ts). */
export const GIVEN_FIRST_SYLLABLE = [
  '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|uai|uan|ian|iao|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u)',
  '(?:ky|gy|sh|ch|ny|hy|my|ry|by|py|ts|[kgsztdnhbpmyrwjf])?[aiueo]{1,2}(?:n(?![aiueoy])|m(?=[bp]))?',
  '[kstp](?=[kstpc])',
].join('|');

/** Words that belong to the family name they precede ("van Buren", "de Gaulle", "von Mirbach"). */
export const NAME_PARTICLES: ReadonlySet<string> = words('van von de der den del della di da du le la ten ter bin ibn al el st. st');

/** Titles and honorifics left out of a name's parts (they stay in the name as written). */
export const NAME_TITLES: ReadonlySet<string> = words(`
  mr mrs ms miss dr prof professor sir dame lord lady baron baroness viscount count countess earl marquis marquess duke
  prince princess king queen emperor grand general gen maj major col colonel lieut lt capt captain admiral adm brig
  cmdr commander sgt ambassador minister president premier senator rev father mgr bishop cardinal pandit sheikh later
`);

/** Suffixes of a name ("Jr.", "III"). */
export const NAME_SUFFIXES: ReadonlySet<string> = words('jr sr ii iii iv v esq phd md');
