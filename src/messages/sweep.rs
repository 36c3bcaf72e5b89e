//! `staffing sweep` and `staffing merge`: the summary, progress, interruption and the robust plan.

use crate::report::Lang;

/// The robust plan's target (`worst`, `percentile(p)`) in words.
pub fn robust_target(lang: Lang, label: &str) -> String {
    match label
        .strip_prefix("percentile(")
        .and_then(|p| p.strip_suffix(')'))
    {
        Some(p) => robust_percentile(lang, p),
        None if label == "worst" => robust_worst(lang),
        None => label.to_string(),
    }
}

catalogue! {
    // ---- sweep and merge ----
    /// A sweep's summary line.
    sweep_done(name: &str, points: usize, scope: &str, solved: usize, reused: usize, statuses: &str) {
        zh: "扫描 {name}：共 {points} 个点{scope}；本次求解 {solved} 个，此前已完成 {reused} 个；{statuses}",
        en: "sweep {name}: {points} points{scope}; {solved} solved now, {reused} already done; {statuses}",
    }
    /// A count of points with one status.
    sweep_status(status: &str, n: usize) {
        zh: "{status} {n} 个",
        en: "{n} {status}",
    }
    /// The shard a sweep ran.
    sweep_shard(index: usize, count: usize, points: usize) {
        zh: "（分片 {index}/{count}：{points} 个点）",
        en: " (shard {index}/{count}: {points} points)",
    }
    /// Progress records that could not be used.
    sweep_unusable(n: usize) {
        zh: "  {n} 条进度记录无法使用，其点已重新求解：",
        en: "  {n} progress records could not be used, so their points were solved again:",
    }
    /// More unusable records.
    sweep_unusable_more(n: usize) {
        zh: "    另有 {n} 条",
        en: "    and {n} more",
    }
    /// A point's record is not JSON of a record (the reader's words).
    point_unreadable(why: &str) {
        zh: "不是可读的进度记录（{why}）",
        en: "is not a readable progress record ({why})",
    }
    /// A point's record is another sweep's.
    point_other_sweep() {
        zh: "属于另一次扫描（其指纹不同）",
        en: "belongs to a different sweep (its fingerprint differs)",
    }
    /// A point's record names a point the sweep does not have.
    point_out_of_range(point: usize, points: usize) {
        zh: "记录的是第 {point} 个点，而本次扫描只有 {points} 个点",
        en: "names point {point}, but the sweep has {points} points",
    }
    /// A point's record names a point other than its file's.
    point_misnamed(point: usize) {
        zh: "记录的是第 {point} 个点，与其文件名不符",
        en: "names point {point}, which does not match its file name",
    }
    /// A point's record has too few or too many cells.
    point_cells(cells: usize, columns: usize) {
        zh: "有 {cells} 格，而本次扫描有 {columns} 列",
        en: "has {cells} cells, but the sweep has {columns} columns",
    }
    /// A point's record does not begin with its point number.
    point_first_cell(cell: &str, point: usize) {
        zh: "第一格是 `{cell}`，不是点号 {point}",
        en: "its first cell is `{cell}`, not the point number {point}",
    }
    /// A cell the tool does not write.
    point_not_rendered(cell: usize) {
        zh: "第 {cell} 格不是本工具写出的内容（公式，或应为数字处是文字）",
        en: "its cell {cell} is not one the tool writes (a formula, or text where a number goes)",
    }
    /// The parameter cells are not the point's values.
    point_parameters(point: usize) {
        zh: "其参数格与第 {point} 个点的取值不符",
        en: "its parameter cells do not show the values of point {point}",
    }
    /// The force levers admit no robust plan (`why`: the levers' account).
    no_robust_plan(why: &str) {
        zh: "`[sample]`：没有稳健方案：{why}",
        en: "[sample]: no robust plan: {why}",
    }
    /// No robust plan with duty credited to auxiliaries.
    robust_duty_factor() {
        zh: "`[sample]`：`auxiliaries.duty_factor` 大于 0 时无法给出稳健方案（辅警折算的勤务随样本而变）",
        en: "[sample]: the robust plan is not available with auxiliaries.duty_factor > 0 (the duty credited to auxiliaries changes from sample to sample)",
    }
    /// What a sweep wrote.
    sweep_wrote(path: &str) {
        zh: "  已写入 {path}，旁边有 report.html 和图表",
        en: "  wrote {path} with report.html and charts beside it",
    }
    /// What a shard wrote.
    sweep_wrote_shard(dir: &str) {
        zh: "  本分片的点已写入 {dir}；各分片完成后用 `staffing merge DIR... --out DIR` 合并",
        en: "  wrote the shard's points to {dir}; join the shards with `staffing merge DIR... --out DIR`",
    }
    /// Interrupted before a sweep started.
    sweep_interrupted_early() {
        zh: "已中断：扫描尚未开始，未写入任何文件。",
        en: "interrupted before the sweep started; nothing was written.",
    }
    /// Interrupted, with the command that resumes.
    sweep_interrupted(finished: usize, selected: usize, dir: &str, resume: &str) {
        zh: "已中断：{selected} 个点中已完成 {finished} 个，结果已记录在 {dir}。\n继续运行（只求解其余的点）：\n  {resume}",
        en: "interrupted: {finished} of {selected} points are finished and recorded in {dir}.\nResume (solves only the rest) with:\n  {resume}",
    }
    /// The notice of the first Ctrl-C.
    sweep_stopping() {
        zh: "\n正在停止：正在求解的点完成后记录结果（再按 Ctrl-C 立即停止）",
        en: "\nstopping: the points being solved finish and are recorded (Ctrl-C again stops at once)",
    }

    /// A robust plan, on the terminal.
    sweep_robust(target: &str, level: f64, moved: i64, dir: &str) {
        zh: "  稳健方案（{target}）：包络水平 {level:.4}，调动民警 {moved} 人；见 {dir}",
        en: "  robust plan ({target}): envelope level {level:.4}, {moved} officers moved; in {dir}",
    }
    /// The robust plan of the worst sample.
    robust_worst() {
        zh: "按最差样本",
        en: "worst",
    }
    /// The robust plan of a percentile.
    robust_percentile(p: &str) {
        zh: "按第 {p} 百分位",
        en: "percentile({p})",
    }
    /// No robust plan, and why.
    sweep_no_robust(note: &str) {
        zh: "  无稳健方案：{note}",
        en: "  no robust plan: {note}",
    }
    /// No robust plan was asked for.
    robust_not_asked() {
        zh: "未要求（robust = \"none\"）",
        en: "none asked for (robust = \"none\")",
    }
    /// No robust plan: a sampled key is not a workload key.
    robust_not_workload(key: &str) {
        zh: "`{key}` 不是工作量参数（各样本的硬性规则会不同），不做稳健方案",
        en: "`{key}` is not a workload key (the hard rules would vary across samples)",
    }
    /// What merge wrote.
    merge_wrote(path: &str) {
        zh: "已写入 {path}，旁边有 report.html 和图表",
        en: "wrote {path} with report.html and charts beside it",
    }
    /// The context of a failed merge.
    merge_failed(n: usize) {
        zh: "合并 {n} 个扫描文件夹",
        en: "merging {n} sweep folders",
    }

    // ---- the Monte Carlo page: the robust plan against the base plan ----
    /// The comparison (`community`: [`robust_community_fixed`] or
    /// [`robust_community_varies`]); levels with 4 decimals or `—`.
    robust_versus_base(robust_level: &str, base_level: &str, robust_duty: i64, base_duty: i64, envelope_duty_need: f64, duty_need: f64, robust_community: i64, base_community: i64, community: &str, stations: usize, officers: i64) {
        zh: "与基准方案（情景自身参数下的最优方案）相比：在情景自身参数下，稳健方案的均衡水平为 {robust_level}，基准方案为 {base_level}。稳健方案安排值班民警 {robust_duty} 人（基准方案 {base_duty} 人），以应对最差情况的接处警需求 {envelope_duty_need:.0} 人（情景自身参数下 {duty_need:.0} 人）；社区民警 {robust_community} 人（基准方案 {base_community} 人）。{community}两方案有 {stations} 个派出所的民警人数不同，合计相差 {officers} 人。",
        en: "Against the base plan (the optimum at the scenario's own parameters): at those parameters the robust plan reaches a balance level of {robust_level}, the base plan {base_level}. The robust plan keeps {robust_duty} duty officers (base plan {base_duty}) for a duty need of {envelope_duty_need:.0} in the envelope ({duty_need:.0} at the scenario's own parameters), and {robust_community} community officers (base plan {base_community}). {community} The two plans differ at {stations} stations, by {officers} officers in all.",
    }
    /// The community need does not vary with the samples; community levels
    /// with 3 decimals or `—`.
    robust_community_fixed(need: f64, robust: &str, base: &str) {
        zh: "抽样的参数不改变社区警务需求（{need:.0} 人），所以稳健方案的社区警务水平（各所社区民警与需求之比的最低值）在每个样本中都是同一个数 {robust}（基准方案 {base}）；样本之间变化的只有接处警一侧。",
        en: "The sampled keys leave the community need as it is ({need:.0} officers), so the robust plan's community level (the lowest ratio of community officers to need) is the same {robust} in every sample (base plan {base}); only the duty side varies between samples.",
    }
    /// The community need varies with the samples.
    robust_community_varies(need: f64, envelope_need: f64, robust: &str, base: &str) {
        zh: "社区警务需求随样本变化：基准参数下 {need:.0} 人，稳健方案按 {envelope_need:.0} 人安排；其社区警务水平在基准参数下为 {robust}（基准方案 {base}）。",
        en: "The community need varies with the samples: {need:.0} officers at the base parameters, {envelope_need:.0} in the envelope the robust plan meets; its community level at the base parameters is {robust} (base plan {base}).",
    }
}
