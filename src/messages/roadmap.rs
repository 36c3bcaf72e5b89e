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

}
