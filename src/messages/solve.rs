//! `staffing solve`'s terminal summary: the plan, real strength, the service standard and the methods compared.

use crate::report::Lang;

/// A balance target (`[balance] target`) in words, with the value the
/// scenario takes beside it in Chinese; an unknown one as it is.
pub fn balance_target(lang: Lang, target: &str) -> String {
    match target {
        "standard" => balance_standard(lang),
        "province" => balance_province(lang),
        "county" => balance_county(lang),
        "leximin" => balance_leximin(lang),
        other => other.to_string(),
    }
}

/// What limits a binding station (`duty`, `community`) in words, to follow
/// its id and name; another dimension as it is, in brackets.
pub fn dimension(lang: Lang, d: &str) -> String {
    match d {
        "duty" => dimension_duty(lang),
        "community" => dimension_community(lang),
        other => format!(" ({other})"),
    }
}

catalogue! {
    // ---- solve: the summary ----
    /// The scenario and its status.
    solve_scenario(scenario: &str, status: &str) {
        zh: "情景 {scenario}：{status}",
        en: "scenario {scenario}: {status}",
    }
    /// The overrides of a what-if.
    solve_what_if(sets: &str) {
        zh: "  假设情景        命令行设置 {sets}（其余取值同情景文件）",
        en: "  what-if              set on the command line: {sets} (all else as in the file)",
    }
    /// The balance level.
    solve_level(level: &str) {
        zh: "  均衡水平        {level}（1.0 = 每个派出所的工作量全部覆盖）",
        en: "  balance level        {level}  (1.0 = every station's workload covered)",
    }
    /// The stations that limit the level (joined by [`list_separator`]).
    solve_limited(stations: &str, tail: &str) {
        zh: "  受限于          {stations}{tail}",
        en: "  limited by           {stations}{tail}",
    }
    /// The limiting stations not listed.
    solve_limited_more(more: usize) {
        zh: " 等，另有 {more} 个",
        en: " and {more} more",
    }
    /// A county whose HQ is below its minimum today, and what refilling it
    /// takes.
    solve_refill(id: &str, county: &str, today: i64, hq_min: i64, refill: i64, s: &str) {
        zh: "  根本原因        {county}（{id}）机关现有民警 {today} 人，低于机关最低警力 {hq_min} 人：补足机关须从派出所调回 {refill} 人",
        en: "  because              {id} {county}: HQ has {today} officers today, below its hq_min of {hq_min}; refilling HQ takes {refill} officer{s} from its stations",
    }
    /// Officers moved.
    solve_moved(moved: i64) {
        zh: "  调动民警        {moved} 人",
        en: "  officers moved       {moved}",
    }
    /// Station, HQ and community officers (`away`: [`solve_away`] or empty).
    solve_officers(station: i64, force: i64, hq: i64, away: &str, community: i64) {
        zh: "  派出所民警      {station} 人（全部民警 {force} 人，机关 {hq} 人{away}）；社区民警 {community} 人",
        en: "  station officers     {station} of {force} (HQ {hq}{away}); community officers {community}",
    }
    /// Officers seconded away.
    solve_away(away: i64) {
        zh: "，借调在外 {away} 人",
        en: ", {away} seconded away",
    }
    /// The two 40% rules, today and planned.
    solve_quotas(station_before: usize, station_after: usize, counties: usize, community_before: usize, community_after: usize) {
        zh: "  两个40%：派出所警力占比达标县局 {station_before}→{station_after} 个（共 {counties} 个），社区民警占比达标 {community_before}→{community_after} 个",
        en: "  两个40%: station share met in {station_before}→{station_after} of {counties} counties, community share in {community_before}→{community_after}",
    }
    /// Auxiliaries under county budgets.
    solve_auxiliaries_county(posts: i64, level: &str, changed: i64, fewer: usize, counties: usize, cut: i64, s: &str) {
        zh: "  辅警            各县编制内调整，共 {posts} 人；均衡水平 {level}，调整 {changed} 人；{fewer} 个县局（共 {counties} 个）辅警少于村数，{cut} 个原已一村一辅警的派出所让出辅警",
        en: "  auxiliaries          {posts} posts, each county within its own; level {level}, {changed} changed; {fewer} of {counties} counties have fewer posts than villages, and {cut} station{s} that had one per village give posts up",
    }
    /// Auxiliaries under the province's budget.
    solve_auxiliaries(level: &str, posts: i64, budget: i64, changed: i64) {
        zh: "  辅警            均衡水平 {level}，{posts} 人（编制 {budget}），调整 {changed} 人",
        en: "  auxiliaries          level {level}, {posts} posts of a budget of {budget}, {changed} changed",
    }
    /// The plan's folder and its files (joined by [`list_separator`]).
    solve_wrote(dir: &str, files: &str) {
        zh: "  已写入          {dir}/（report.html、图表、{files}）",
        en: "  wrote                {dir}/ (report.html, charts, {files})",
    }

    // ---- solve: real strength ----
    /// Real strength: who is on the stations' books and who is really there.
    strength_books(books: i64, nominal: i64, seconded: i64, recalled: &str, real: i64, restricted: i64) {
        zh: "  实有警力        派出所在册 {books} 人：挂名（实际在机关）{nominal} 人，借调在外 {seconded} 人{recalled}；实际在岗 {real} 人，其中 {restricted} 人不能值班",
        en: "  real strength        {books} on the stations' books: {nominal} nominal (at HQ), {seconded} seconded{recalled}; {real} really there, {restricted} who cannot take duty",
    }
    /// Seconded officers recalled (appended to [`strength_books`]).
    strength_recalled() {
        zh: "（已召回）",
        en: " (recalled)",
    }
    /// The two 40% shares on paper, really and in the plan.
    strength_shares(station: &str, station_counties: &str, counties: usize, community: &str, community_counties: &str) {
        zh: "  在册→实有→方案  派出所警力占比 {station}（达标县局 {station_counties}，共 {counties} 个），社区民警占比 {community}（{community_counties}）",
        en: "  paper → real → plan  station share {station} ({station_counties} of {counties} counties), community share {community} ({community_counties})",
    }
    /// 两队一室, the auxiliary ratio and village coverage.
    strength_teams(before: usize, after: usize, stations: usize, ratio_before: &str, ratio_after: &str, force_before: &str, force_after: &str, cover_before: &str, cover_after: &str) {
        zh: "  两队一室        {before} → {after} 个（共 {stations} 个派出所）；警辅比 派出所民警 {ratio_before} → {ratio_after}，全部民警 {force_before} → {force_after}；一村一辅警 {cover_before} → {cover_after}",
        en: "  两队一室             {before} → {after} of {stations} stations; 警辅比 {ratio_before} → {ratio_after} of station officers, {force_before} → {force_after} of the whole force; 一村一辅警 {cover_before} → {cover_after}",
    }

    // ---- solve: the service standard ----
    /// The service standard in words.
    service_standard(words: &str) {
        zh: "  服务标准        {words}",
        en: "  service standard     {words}",
    }
    /// How the duty need follows from the standard (erlang-c).
    service_how_erlang(reactive_share: f64, hours_per_call: f64) {
        zh: "值班需求按服务标准计算（排队模型 erlang-c；reactive_share {reactive_share} 与 hours_per_call {hours_per_call} 不用于值班）",
        en: "duty need from it (erlang-c; reactive_share {reactive_share} and hours_per_call {hours_per_call} do not apply to duty)",
    }
    /// How the duty need follows from the standard (reported only).
    service_how_hours() {
        zh: "仅作报告：值班需求按工时法计算",
        en: "reported only: duty need from the hours method",
    }
    /// Duty auxiliaries of the standard (appended to [`service_need`]).
    service_auxiliaries(need: f64) {
        zh: "，值班辅警 {need:.1} 人（派出所辅警岗位取值班需求与村数的较大者）",
        en: ", {need:.1} duty auxiliaries (a station's auxiliary posts: the larger of its duty need and its villages')",
    }
    /// The standard's need.
    service_need(officers: f64, auxiliaries: &str, how: &str) {
        zh: "  服务标准需求    值班民警 {officers:.1} 人{auxiliaries}；{how}",
        en: "  standard's need      {officers:.1} duty officers{auxiliaries}; {how}",
    }
    /// Pooled queues (appended to [`service_floor`]).
    service_pools(pools: usize, units: u64) {
        zh: "；{pools} 个联勤队列（县 × 时段）需要 {units} 个出警组时",
        en: "; {pools} pooled queues (county × hour) need {units} unit-hours",
    }
    /// The floor of one unit per hour.
    service_floor(stations: usize, pools: &str) {
        zh: "  最低保障        {stations} 个有警情的派出所在单独计算的每个时段至少需要一个出警组{pools}",
        en: "  floor                {stations} stations with calls need exactly one unit in every hour they stand alone{pools}",
    }
    /// The worst station after the plan (appended to [`service_meeting`]).
    service_worst(station: &str, name: &str, wait: f64, clock: &str) {
        zh: "（调整后最差：{station} {name}，{clock} 等待概率 {wait:.3}）",
        en: " (worst after: {station} {name}, P(wait) {wait:.3} at {clock})",
    }
    /// Stations meeting the standard, before and after.
    service_meeting(before: usize, after: usize, stations: usize, worst: &str) {
        zh: "  达到服务标准    {before}→{after} 个（共 {stations} 个派出所）{worst}",
        en: "  meeting the standard {before}→{after} of {stations} stations{worst}",
    }

    // ---- solve: methods compared ----
    /// The title of the methods' comparison.
    methods_title() {
        zh: "同一数据上两种值班需求算法的比较：",
        en: "methods compared on the same data:",
    }
    /// The method column.
    methods_method() { zh: "算法", en: "method", }
    /// The level column.
    methods_level() { zh: "均衡水平", en: "level", }
    /// The moved column.
    methods_moved() { zh: "调动", en: "moved", }
    /// The short-of-1.0 column.
    methods_short() { zh: "距均衡水平1.0尚缺", en: "short of level 1.0", }
    /// The duty need column.
    methods_duty() { zh: "值班需求", en: "duty need", }
    /// The meeting-the-standard column.
    methods_meeting() { zh: "达到服务标准", en: "meeting the standard", }
    /// A level of 1.0 that cannot be reached.
    methods_unreachable() { zh: "无法达到", en: "unreachable", }
    /// Where the two methods differ most.
    methods_differ(shown: &str, n: usize) {
        zh: "  值班需求（工时法 → erlang-c）差别最大：{shown}；共 {n} 个，见 method_stations.csv",
        en: "  duty need (hours → erlang-c) differs most at {shown}; {n} in method_stations.csv",
    }

    // ---- solve: what limits the level ----
    /// The duty side, after a station that limits the level.
    dimension_duty() {
        zh: "（接处警）",
        en: " (duty)",
    }
    /// The community side, after a station that limits the level.
    dimension_community() {
        zh: "（社区警务）",
        en: " (community)",
    }
    /// A level without workload anywhere.
    solve_unbounded() {
        zh: "无上限（没有工作量）",
        en: "unbounded (no workload)",
    }

    // ---- solve: notes on stderr ----
    /// A scenario with a `[sweep]` or `[sample]` solved at its base point
    /// (`count`: [`solve_base_points`] or empty).
    solve_base_only(file: &str, what: &str, count: &str, command: &str) {
        zh: "注意：{file} 含有 `{what}`{count}；本次只求解了基准点（文件中的取值，不含 `{what}` 中的取值）。运行全部点：{command}",
        en: "note: {file} has a {what} table{count}; this solved its base point only (the values in the file, without the {what} values). To run every point: {command}",
    }
    /// The points of the table not solved.
    solve_base_points(n: usize) {
        zh: "（{n} 个点）",
        en: " of {n} points",
    }
    /// A balance target's search stopped at its work limit.
    solve_search_limit() {
        zh: "注意：均衡目标的逐步抬高在工作量上限内未能比较完所有并列的选择（许多派出所需求相同、只能抬高其中一部分）：方案可行，已通过独立校验并写出，但未证明最优（状态 time_limit，退出码 5）。[balance] target = \"province\" 可证明最优。",
        en: "note: the balance target's filling stopped at its work limit before it compared every choice between tied stations (many stations with equal requirements, only some of which can rise): the plan is feasible, passed the independent checker and was written, but it is not proven optimal (status time_limit, exit code 5). [balance] target = \"province\" is proven.",
    }
    /// The MILP stopped at its time limit (`limit`:
    /// [`solve_time_limit_seconds`] or empty).
    solve_time_limit(limit: &str) {
        zh: "注意：MILP 在时间限制{limit}内未完成求解：方案可行，已通过独立校验并写出，但未证明最优（状态 time_limit，退出码 5）。可加大 --time-limit，或使用默认的精确引擎（可证明最优）。",
        en: "note: the MILP stopped at its time limit{limit}: the plan is feasible, passed the independent checker and was written, but it is not proven optimal (status time_limit, exit code 5). Give a longer --time-limit, or use the exact engine (the default), which proves the optimum.",
    }
    /// The time limit in seconds.
    solve_time_limit_seconds(t: f64) {
        zh: "（{t} 秒）",
        en: " ({t} s)",
    }

    // ---- solve: the balance target ----
    /// The `standard` target in words.
    balance_standard() {
        zh: "警力下沉（`standard`）",
        en: "standard",
    }
    /// The `province` target in words.
    balance_province() {
        zh: "全省统一（`province`）",
        en: "province",
    }
    /// The `county` target in words.
    balance_county() {
        zh: "本县最优（`county`）",
        en: "county",
    }
    /// The `leximin` target in words.
    balance_leximin() {
        zh: "字典序（`leximin`）",
        en: "leximin",
    }
    /// The auxiliaries follow the same target.
    balance_aux_same() {
        zh: "，辅警同",
        en: ", auxiliaries too",
    }
    /// The auxiliaries follow another target.
    balance_aux(target: &str) {
        zh: "，辅警：{target}",
        en: ", auxiliaries: {target}",
    }
    /// The `standard` target with every station covered.
    balance_covered(target: &str, cap: f64, aux: &str) {
        zh: "  均衡目标        {target}，标准 {cap:.1}{aux}；每个派出所都覆盖工作量（1.0）",
        en: "  balance target       {target} (cap {cap:.1}){aux}; every station's workload covered (1.0)",
    }
    /// The `standard` target with stations below 1.0.
    balance_below(target: &str, cap: f64, aux: &str, n: usize, s: &str) {
        zh: "  均衡目标        {target}，标准 {cap:.1}{aux}；覆盖不足1.0的派出所 {n} 个（binding.csv 列出各自的制约因素）",
        en: "  balance target       {target} (cap {cap:.1}){aux}; {n} station{s} below 1.0 (binding.csv says what stops each)",
    }
    /// Another target: counties with a station below their own best.
    balance_counties(target: &str, aux: &str, below: usize, counties: usize) {
        zh: "  均衡目标        {target}{aux}；{below} 个县局（共 {counties} 个）有派出所低于本县可达水平",
        en: "  balance target       {target}{aux}; {below} of {counties} counties have a station below their own best level",
    }
    /// The label of the targets' comparison (padded by the caller).
    balance_compared_label() {
        zh: "目标比较",
        en: "targets compared",
    }
    /// A target of the comparison (`label` and `target` padded by the
    /// caller; `price`: [`balance_price`] or empty; `mark`: one of the
    /// marks or empty).
    balance_compared(label: &str, target: &str, moved: i64, price: &str, gini: &str, below: usize, mark: &str) {
        zh: "  {label}{target} 调动 {moved:>6} 人{price}，基尼系数 {gini}，覆盖不足1.0的派出所 {below} 个{mark}",
        en: "  {label} {target} {moved:>6} moved{price}, Gini {gini}, {below} stations below 1.0{mark}",
    }
    /// The moves above the cheapest target's.
    balance_price(more: i64) {
        zh: "（多 {more}）",
        en: " (+{more})",
    }
    /// The mark of this plan's target.
    balance_this_plan() {
        zh: "（本方案）",
        en: "  (this plan)",
    }
    /// The mark of the cheapest target.
    balance_fewest_moves() {
        zh: "（调动最少）",
        en: "  (the fewest moves)",
    }

    // ---- solve: recruits ----
    /// The recruits placed, by county (`placed`: the counties joined by
    /// [`crate::messages::list_separator`], or [`recruits_none`]).
    recruits_placed(used: i64, placed: &str) {
        zh: "  新招民警        分配 {used} 人：{placed}",
        en: "  recruits             {used} placed: {placed}",
    }
    /// No recruit needed.
    recruits_none() {
        zh: "无需分配",
        en: "none needed",
    }
    /// Recruits left unplaced.
    recruits_leftover(n: i64) {
        zh: "                  另有 {n} 人无法再提高均衡水平，未分配",
        en: "                       {n} more cannot raise the balance level and are left unplaced",
    }

    // ---- solve: the command line refused, and its contexts ----
    /// `--time-limit` without `--engine milp`.
    time_limit_exact() {
        zh: "--time-limit 只用于 --engine milp；默认的精确引擎不需要时间限制：请加 --engine milp，或去掉 --time-limit",
        en: "--time-limit applies to --engine milp only; the exact engine (the default) needs no limit: add --engine milp or drop --time-limit",
    }
    /// `--compare-methods` failed on the data.
    compare_methods_reading() {
        zh: "--compare-methods：比较两种值班需求算法",
        en: "--compare-methods",
    }
    /// `--compare-methods` failed solving with the other method.
    compare_methods_solving() {
        zh: "--compare-methods：用另一种值班需求算法求解",
        en: "--compare-methods: solving with the other duty method",
    }

    // ---- solve: errors of the engines ----
    /// The MILP stopped at its time limit without a plan.
    milp_no_plan_in_time(seconds: f64) {
        zh: "`milp` 引擎在 {seconds} 秒的时间限制内没有找到满足全部规则的方案（这不等于没有方案）；请给更长的 --time-limit，或改用精确引擎（默认引擎，无需时间限制）",
        en: "the MILP solver found no plan that meets every rule within its time limit of {seconds} s (that does not mean there is none); give a longer --time-limit, or use the exact engine (the default), which needs none",
    }
}
