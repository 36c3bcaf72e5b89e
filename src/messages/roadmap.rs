//! `staffing roadmap`: the trajectory year by year and what the placement search proved.

use crate::report::Lang;

catalogue! {
    // ---- roadmap ----
    /// The roadmap's first line.
    roadmap_head(name: &str, years: usize, first: i32, last: i32, mode: &str, ages: &str) {
        zh: "规划 {name}：{years} 年（{first}–{last}），{mode}；年龄数据：{ages}",
        en: "roadmap {name}: {years} years {first}–{last}, {mode} mode; ages from {ages}",
    }
    /// The myopic mode.
    roadmap_myopic() {
        zh: "逐年规划（`myopic`）",
        en: "myopic",
    }
    /// The horizon mode.
    roadmap_horizon() {
        zh: "全期统筹（`horizon`）",
        en: "horizon",
    }
    /// Ages from age bands.
    ages_bands() {
        zh: "各派出所年龄段",
        en: "age bands",
    }
    /// Ages from a roster.
    ages_roster() {
        zh: "花名册",
        en: "roster",
    }
    /// Ages not given.
    ages_none() {
        zh: "无（无退休）",
        en: "none (no retirements)",
    }

    /// A year kept from an earlier run.
    roadmap_kept(year: i32) {
        zh: "  {year} 年：沿用上次运行的结果",
        en: "  {year}: kept from the earlier run",
    }
    /// A year planned.
    roadmap_year(year: i32, level: &str, recruits: i64, retirements: i64, leavers: i64, moved: i64) {
        zh: "  {year} 年：均衡水平 {level}，招录 {recruits} 人，退休 {retirements} 人，其他减员 {leavers} 人，调动 {moved} 人",
        en: "  {year}: level {level}, {recruits} recruits, {retirements} retired, {leavers} left, {moved} moved",
    }
    /// A level without workload.
    roadmap_any_level() {
        zh: "任意（无工作量）",
        en: "any (no workload)",
    }
    /// The worst year.
    roadmap_worst(year: i32, level: f64) {
        zh: "  最差年份        {year} 年：均衡水平 {level:.4}",
        en: "  worst year           {year}: balance level {level:.4}",
    }
    /// No worst year.
    roadmap_no_worst() {
        zh: "  最差年份        无（没有工作量）",
        en: "  worst year           none (no workload)",
    }
    /// The force over the roadmap.
    roadmap_force(start: i64, end: &str, recruits: i64, retirements: i64, leavers: i64, moved: i64) {
        zh: "  警力            {start} → {end}；招录 {recruits} 人，退休 {retirements} 人，其他减员 {leavers} 人，调动 {moved} 人次",
        en: "  force                {start} → {end}; {recruits} recruits, {retirements} retirements, {leavers} other leavers, {moved} officers moved",
    }
    /// A resumed roadmap.
    roadmap_resumed(kept: usize, planned: usize) {
        zh: "  续算            沿用 {kept} 年，本次规划 {planned} 年",
        en: "  resumed              {kept} years kept, {planned} planned now",
    }
    /// What a roadmap wrote.
    roadmap_wrote(dir: &str) {
        zh: "  已写入          {dir}/（report.html、roadmap.csv、roadmap_counties.csv、summary.json、图表、plans/<年份>/ 各年方案文件）",
        en: "  wrote                {dir}/ (report.html, roadmap.csv, roadmap_counties.csv, summary.json, charts, plans/<year>/ with the files a solve writes)",
    }
    /// The years planned before an infeasible one.
    roadmap_years_before(year: i32, dir: &str) {
        zh: "{year} 年之前各年的方案已写入 {dir}/（roadmap.csv、report.html、plans/）",
        en: "the years before {year} are planned in {dir}/ (roadmap.csv, report.html, plans/)",
    }
    /// A roadmap that has no plan in one year.
    roadmap_no_plan(name: &str) {
        zh: "多年规划 {name}",
        en: "roadmap {name}",
    }
    /// A roadmap year that admits no plan, and why (`reason`: one of the
    /// `roadmap_short*`, `roadmap_horizon_short*`, `roadmap_target*` lines or
    /// the rules no plan meets).
    roadmap_stops_at(year: i32, reason: &str) {
        zh: "{year} 年没有方案能满足全部规定：{reason}",
        en: "{year}: no plan meets every rule: {reason}",
    }
    /// The year's recruits are fewer than balance level 0 needs
    /// (`counties`: the [`roadmap_county_*`] lines).
    roadmap_short(needed: i64, recruits: i64, counties: &str) {
        zh: "即使均衡水平 0 也需要 {needed} 名新招录人员，而该年只有 {recruits} 名：{counties}",
        en: "even balance level 0 needs {needed} recruits and the year has {recruits}: {counties}",
    }
    /// No number of recruits within the caps reaches balance level 0.
    roadmap_short_capped(recruits: i64, counties: &str) {
        zh: "在各县招录上限内，无论招录多少人都不能让每个县满足规定（该年招录 {recruits} 名）：{counties}",
        en: "no number of recruits within the caps lets every county meet its rules (the year has {recruits}): {counties}",
    }
    /// A county no number of recruits lets meet its rules.
    roadmap_county_unreachable(county: &str) {
        zh: "{county} 无论分配多少新招录人员都不能满足规定（锁定人数、营房容量或调动上限所限）",
        en: "{county} cannot meet its rules with any number of recruits (locks, building capacity or move caps)",
    }
    /// A county that needs more recruits than its cap.
    roadmap_county_above_cap(county: &str, need: i64, cap: i64) {
        zh: "{county} 需要 {need} 名，超过其上限 {cap} 名",
        en: "{county} needs {need}, above its cap of {cap}",
    }
    /// A county that needs recruits.
    roadmap_county_needs(county: &str, need: i64) {
        zh: "{county} 需要 {need} 名",
        en: "{county} needs {need}",
    }
    /// The horizon search: level 0 in every year needs more recruits by a
    /// year than the roadmap recruits by then.
    roadmap_horizon_short(need: i64, by: i32, supply: i64) {
        zh: "要让每年都达到均衡水平 0，到 {by} 年累计需要 {need} 名新招录人员，而规划到那时只招录 {supply} 名",
        en: "even balance level 0 in every year needs {need} recruits by {by} and the roadmap recruits {supply} by then",
    }
    /// The same, when no number of recruits within the caps would do.
    roadmap_horizon_short_capped(by: i32, supply: i64) {
        zh: "要让每年都达到均衡水平 0，到 {by} 年累计需要的新招录人员超过各县上限内的任何人数，而规划到那时招录 {supply} 名",
        en: "even balance level 0 in every year needs more than any number of recruits within the caps by {by} and the roadmap recruits {supply} by then",
    }
    /// `--target-level` cannot be reached (`why`: a `roadmap_target_*` line).
    roadmap_target_missed(level: f64, why: &str) {
        zh: "目标水平 `--target-level {level}`：{why}",
        en: "--target-level {level}: {why}",
    }
    /// A county cannot reach the target level in a roadmap year.
    roadmap_target_unreachable(year: usize, county: &str, level: f64) {
        zh: "第 {year} 年 {county} 无论分配多少新招录人员都达不到水平 {level}（锁定人数、营房容量或调动上限所限）",
        en: "in year {year} county {county} cannot reach level {level} with any number of recruits (locks, building capacity or move caps)",
    }
    /// A county needs more recruits by a roadmap year than its cap allows.
    roadmap_target_over_cap(year: usize, county: &str) {
        zh: "{county} 到第 {year} 年需要的新招录人员超过其上限允许的人数",
        en: "county {county} needs more recruits by year {year} than its cap allows",
    }
    /// Even the largest number of recruits a year cannot keep the level.
    roadmap_target_caps(max: i64, level: f64) {
        zh: "即使每年招录 {max} 名也不能保持水平 {level}（各县上限允许的人数太少）",
        en: "even {max} recruits a year cannot keep level {level} (the caps per county allow too few)",
    }
    /// No number of recruits keeps the level in the roadmap's mode.
    roadmap_target_no_number(max: i64, mode: &str) {
        zh: "招录人数不超过 {max} 时，`{mode}` 模式下没有任何人数能让每年都保持该水平",
        en: "no number of recruits up to {max} keeps every year at that level in {mode} mode",
    }

    // ---- roadmap: the placement search as it goes ----
    /// A long horizon search's progress (`search`: [`roadmap_search_start`]
    /// or [`roadmap_search_year`]).
    roadmap_progress(search: &str, checks: usize, limit: usize, seconds: f64) {
        zh: "  全期统筹：{search}：已做可达性检查 {checks} 次（最多 {limit} 次），{seconds:.0} 秒",
        en: "  horizon: {search}: {checks} reachability checks so far (at most {limit}), {seconds:.0} s",
    }
    /// The search over every year from the start.
    roadmap_search_start() {
        zh: "从首年起的各年",
        en: "every year from the start",
    }
    /// A rolling year's search.
    roadmap_search_year(year: i32) {
        zh: "{year} 年及以后各年",
        en: "{year} (the years from it)",
    }
    /// A rolling year's search stopped at its limit.
    roadmap_year_stopped(year: i32, limit: usize) {
        zh: "  全期统筹：{year} 年及以后各年：搜索到 roadmap.horizon_checks = {limit} 次即停止；该年采用已找到的最好分配（未证明最优）",
        en: "  horizon: {year} (the years from it): stopped at roadmap.horizon_checks = {limit}; the year takes the best placement found (not proven optimal)",
    }
    /// The horizon search stopped at its limit.
    roadmap_horizon_stopped(limit: usize, worst: f64, bound: f64, sum: f64, sum_bound: f64) {
        zh: "  全期统筹：搜索到 roadmap.horizon_checks = {limit} 次可达性检查即停止：每年都能达到均衡水平 {worst:.4}，任何分配都不超过 {bound:.4}；各年水平之和 {sum:.4}（上界 {sum_bound:.4}）；未证明最优",
        en: "  horizon: stopped at roadmap.horizon_checks = {limit} reachability checks: every year can reach level {worst:.4}, no placement more than {bound:.4}; sum of levels {sum:.4} (bound {sum_bound:.4}); not proven optimal",
    }
    /// The horizon search finished (`proven`: [`roadmap_proven`] or
    /// [`roadmap_not_proven`]).
    roadmap_horizon_finished(worst: f64, sum: f64, sum_bound: f64, proven: &str, checks: usize) {
        zh: "  全期统筹：各年最多能同时达到均衡水平 {worst:.4}；各年水平之和 {sum:.4}（上界 {sum_bound:.4}，{proven}），可达性检查 {checks} 次",
        en: "  horizon: every year can reach level {worst:.4} at best; sum of levels {sum:.4} (bound {sum_bound:.4}, {proven}), {checks} reachability checks",
    }
    /// Proven.
    roadmap_proven() {
        zh: "已证明",
        en: "proven",
    }
    /// Not proven.
    roadmap_not_proven() {
        zh: "未证明",
        en: "not proven",
    }
    /// The horizon search with no workload in any year.
    roadmap_horizon_no_workload() {
        zh: "  全期统筹：各年都没有工作量，任何均衡水平都能达到",
        en: "  horizon: no year has workload; every level is reached",
    }
    /// The target's search, on the terminal (`words`: one of the
    /// `roadmap_target_*` sentences).
    roadmap_target_found(words: &str) {
        zh: "  目标水平：{words}",
        en: "  target: {words}",
    }
    /// The target's recruits, proven the fewest, in horizon mode.
    roadmap_target_horizon(fewest: i64, level: f64) {
        zh: "招录高峰年 {fewest} 人是任何分配能使每年均衡水平都不低于 {level} 的最少人数，全期统筹的分配做到了",
        en: "{fewest} recruits in the peak year is the fewest with which any placement keeps every year at level ≥ {level}, and the horizon placement does",
    }
    /// The target's recruits, proven the fewest, in myopic mode.
    roadmap_target_myopic(fewest: i64, level: f64) {
        zh: "招录高峰年 {fewest} 人是任何分配能使每年均衡水平都不低于 {level} 的最少人数，逐年分配也做到了",
        en: "{fewest} recruits in the peak year is the fewest with which any placement keeps every year at level ≥ {level}; placed year by year they do too",
    }
    /// The target's recruits, found by bisection (`mode`:
    /// [`roadmap_myopic`] or [`roadmap_horizon`]).
    roadmap_target_bisected(fewest: i64, level: f64, mode: &str, peak: i64, below: i64) {
        zh: "任何分配要使每年均衡水平都不低于 {level}，招录高峰年至少需要 {fewest} 人；{mode}的分配需要 {peak} 人（在完整模型上二分查找并核验：{peak} 人达到该水平，{below} 人达不到；分配不随招录人数单调变化，因此未证明是最少人数）",
        en: "any placement needs at least {fewest} recruits in the peak year to keep every year at level ≥ {level}; the {mode} placement needs {peak} (found by bisection on the full model and checked: {peak} keeps the level, {below} does not; not proven the fewest, because placement is not monotone in the number of recruits)",
    }
    /// A year kept by an earlier run, planned again (`why`: what does not
    /// agree, one of the `distrust_` messages).
    roadmap_planned_again(year: i32, record: &str, why: &str) {
        zh: "  {year} 年：重新规划：其记录（{record}）与本次运行不符：{why}",
        en: "  {year}: planned again: its record ({record}) does not agree with this run: {why}",
    }

    // ---- roadmap: why a kept record is planned again ----
    /// It names another year than the one after the last kept.
    distrust_not_next_year(year: i32, before: i32) {
        zh: "记录的是 {year} 年，而不是 {before} 年的下一年",
        en: "it names year {year}, not the year after {before}",
    }
    /// Its row does not begin with its year and a status.
    distrust_row_start() {
        zh: "其行不是以年份和状态开头",
        en: "its row does not begin with its year and a status",
    }
    /// A number's cell holds something else.
    distrust_not_a_number(column: &str) {
        zh: "其 `{column}` 一格不是数字",
        en: "its `{column}` cell is not a number",
    }
    /// Its message is not the tool's.
    distrust_message() {
        zh: "其说明一格不是本工具写出的样子",
        en: "its message is not as the tool writes one",
    }
    /// A county row is another county's.
    distrust_county_row(county: &str, year: i32) {
        zh: "其县（{county}）的行不是该县 {year} 年的行",
        en: "its row of county {county} is not that county's in {year}",
    }
    /// A county row is not numbers.
    distrust_county_numbers(county: &str) {
        zh: "其县（{county}）的行不全是数字",
        en: "its row of county {county} is not numbers",
    }
    /// The force's constants changed.
    distrust_constants() {
        zh: "其警力的比例或权重与起始时不同",
        en: "it holds shares or weights of the force other than those at the start",
    }
    /// Not a force.
    distrust_not_a_force() {
        zh: "其警力数据不成立（某格重复，或人数不大于 0）",
        en: "it holds a force that is not one (a cell repeated, or a count not above 0)",
    }
    /// The force of another year.
    distrust_other_year() {
        zh: "其警力属于另一年",
        en: "it holds the force of another year",
    }
    /// A negative count.
    distrust_negative(station: &str) {
        zh: "派出所 {station} 的人数为负",
        en: "it holds a negative count at station {station}",
    }
    /// A unit's cohorts do not add up.
    distrust_cohorts(county: &str, sum: f64, count: i64) {
        zh: "县（{county}）某单位各队列合计 {sum} 人，不等于其人数 {count}",
        en: "it holds a unit of county {county} whose cohorts add up to {sum} officers, not its {count}",
    }
    /// A ledger is not the force at the units.
    distrust_ledger(county: &str) {
        zh: "县（{county}）的台账与各单位的警力不符",
        en: "it holds a ledger of county {county} that is not the force at its units",
    }
    /// A county row lacks a count.
    distrust_lacks_count(county: &str) {
        zh: "其县（{county}）的行缺少人数",
        en: "its row of county {county} lacks a count",
    }
    /// The force is not conserved.
    distrust_conservation(county: &str, start: i64, retired: i64, left: i64, recruits: i64, end: i64, before: i64, after: i64) {
        zh: "县（{county}）警力不守恒（年初 {start} − 退休 {retired} − 其他减员 {left} + 招录 {recruits} = 年末 {end}；上一年留下 {before} 人，记录中为 {after} 人）",
        en: "it breaks the conservation of county {county}'s force (start {start} − retirements {retired} − leavers {left} + recruits {recruits} = end {end}, from a force of {before} to one of {after})",
    }
    /// Placed recruits other than the years'.
    distrust_placed(county: &str) {
        zh: "县（{county}）已分配的招录人数与各年招录不符",
        en: "it lists recruits placed in county {county} other than the years' recruits",
    }
    /// A province cell is not the counties' sum.
    distrust_not_the_sum(column: &str, sum: i64) {
        zh: "其 `{column}` 不等于各县之和（{sum}）",
        en: "its `{column}` is not the sum of its counties' ({sum})",
    }
    /// The bands are not the force.
    distrust_bands() {
        zh: "其各年龄段警力之和不等于年末警力",
        en: "its force by age band is not its force at the end",
    }
    /// The year cannot be planned again.
    distrust_unplannable() {
        zh: "从上一年的警力出发无法重新规划该年",
        en: "it holds a year that cannot be planned again from the force before it",
    }
    /// A cell differs from planning the year again.
    distrust_differs(column: &str, kept: &str, derived: &str) {
        zh: "其 `{column}` 为 {kept}，而重新规划该年得到 {derived}",
        en: "its `{column}` is {kept}, where planning the year again gives {derived}",
    }
    /// A county cell differs from planning the year again.
    distrust_county_differs(county: &str, column: &str, kept: &str, derived: &str) {
        zh: "县（{county}）的 `{column}` 为 {kept}，而重新规划该年得到 {derived}",
        en: "its `{column}` of county {county} is {kept}, where planning the year again gives {derived}",
    }
    /// The force differs from planning the year again.
    distrust_force() {
        zh: "其年末警力不是重新规划该年所得的警力",
        en: "it holds a force other than the one planning the year again leaves",
    }

    // ---- roadmap: what was proven, after the years ----
    /// The horizon plan is proven optimal.
    roadmap_status_optimal(worst: &str, sum: f64) {
        zh: "  全期统筹        最优：最差年份的均衡水平 {worst} 和各年水平之和 {sum:.4} 都是任何招录分配所能达到的最高值（已证明，见 docs/roadmap.md）",
        en: "  horizon              optimal: the worst year's level {worst} and the sum of levels {sum:.4} are the highest any placement of the recruits reaches (proven; docs/roadmap.md)",
    }
    /// The worst year is proven optimal, the sum is not.
    roadmap_status_worst_year(worst: &str, sum: f64, sum_bound: f64) {
        zh: "  全期统筹        最差年份最优：最差年份的均衡水平 {worst} 是任何分配所能达到的最高值（已证明）；各年水平之和 {sum:.4} 未证明最优（上界 {sum_bound:.4}）",
        en: "  horizon              worst year optimal: the worst year's level {worst} is the highest any placement reaches (proven); the sum of levels {sum:.4} is not proven optimal (bound {sum_bound:.4})",
    }
    /// Not proven optimal (`relaxed`: [`roadmap_status_relaxed`] or
    /// empty).
    roadmap_status_not_proven(bound: &str, achieved: &str, sum: f64, sum_bound: f64, checks: usize, relaxed: &str) {
        zh: "  全期统筹        未证明最优：任何分配的最差年份水平都不超过 {bound}，本方案达到 {achieved}；各年水平之和 {sum:.4}（上界 {sum_bound:.4}）；可达性检查 {checks} 次{relaxed}",
        en: "  horizon              not proven optimal: no placement can beat worst-year level {bound} and this plan reaches {achieved}; sum of levels {sum:.4} (bound {sum_bound:.4}); {checks} reachability checks{relaxed}",
    }
    /// What the horizon search relaxed, counted.
    roadmap_status_relaxed(n: usize) {
        zh: "；搜索放宽了 {n} 项条件（列于 summary.json 的 horizon.relaxed）",
        en: "; the search relaxed {n} of the model's conditions (listed in horizon.relaxed of summary.json)",
    }
    /// The target's line after the years (`proven`:
    /// [`roadmap_target_proven`] or [`roadmap_target_not_proven`]).
    roadmap_target(level: f64, recruits: &str, peak: i64, fewest: i64, proven: &str) {
        zh: "  目标水平        {level}：各年招录 {recruits} 人；高峰年 {peak} 人（任何分配至少需要 {fewest} 人；{proven}）",
        en: "  target level         {level}: recruits per year {recruits}; {peak} in the peak year (any placement needs at least {fewest}; {proven})",
    }
    /// The target's peak is proven the fewest.
    roadmap_target_proven() {
        zh: "已证明是最少人数",
        en: "proven the fewest",
    }
    /// The target's peak was found by bisection.
    roadmap_target_not_proven() {
        zh: "由二分查找得到，未证明是最少人数",
        en: "found by bisection, not proven the fewest",
    }

    // ---- roadmap: the table of years ----
    /// The year column.
    roadmap_col_year() { zh: "年份", en: "year", }
    /// The level column.
    roadmap_col_level() { zh: "均衡水平", en: "level", }
    /// The moved column.
    roadmap_col_moved() { zh: "调动", en: "moved", }
    /// The force-at-start column.
    roadmap_col_force_start() { zh: "年初警力", en: "force start", }
    /// The recruits column.
    roadmap_col_recruits() { zh: "招录", en: "recruits", }
    /// The retired column.
    roadmap_col_retired() { zh: "退休", en: "retired", }
    /// The other-leavers column.
    roadmap_col_left() { zh: "其他减员", en: "left", }
    /// The force-at-end column.
    roadmap_col_force_end() { zh: "年末警力", en: "force end", }
    /// The two-40% column.
    roadmap_col_quotas() { zh: "两个40%达标", en: "两个40% met", }
    /// The counties meeting each 40% rule, of all.
    roadmap_quotas_met(station: &str, community: &str, counties: &str) {
        zh: "{station}/{community} 共 {counties}",
        en: "{station}/{community} of {counties}",
    }
    /// A year without a plan, and why (the library's words).
    roadmap_year_no_plan(year: &str, why: &str) {
        zh: "  {year}  无可行方案：{why}",
        en: "  {year}  no plan: {why}",
    }

    // ---- roadmap: the command line refused ----
    /// `--target-level` out of its range.
    target_level_invalid(value: &str, min: &str, max: &str) {
        zh: "--target-level {value} 无效：须在 {min} 到 {max} 之间（均衡水平；1.0 表示每个派出所的工作量全部覆盖）",
        en: "--target-level {value} is not valid: it must lie between {min} and {max} (a balance level; 1.0 covers every station's workload)",
    }
}
