//! SLURM batch scripts for a sweep: a job array whose task i runs shard i + 1, a merge job
//! that waits for the array to succeed, and a script that submits both. Paths are quoted
//! for the shell by shlex, so folders with spaces or quotes work.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::output::atomic;

/// What the scripts need to know.
#[derive(Debug, Clone)]
pub struct Job {
    /// The sweep's name (job names).
    pub name: String,
    /// Absolute paths of the plan file, the sweep folder and the diypol binary.
    pub plan: PathBuf,
    pub dir: PathBuf,
    pub exe: PathBuf,
    pub tasks: u64,
    /// `--set` values of the command, as typed: every task repeats them.
    pub sets: Vec<String>,
    /// Memory of one array task (one run at a time) and of the merge, in MiB.
    pub memory_mb: u64,
    pub merge_memory_mb: u64,
}

pub(crate) fn quote(p: &Path) -> Result<String, Error> {
    let text = p.to_string_lossy();
    shlex::try_quote(&text).map(|q| q.into_owned()).map_err(|_| {
        Error::usage(
            format!("{} cannot be written in a shell script (it holds a NUL byte)", p.display()),
            "choose another path",
        )
    })
}

/// ` --set 'a=1' --set 'b=x'`, quoted for the shell.
fn set_flags(sets: &[String]) -> Result<String, Error> {
    sets.iter().map(|s| quote(Path::new(s)).map(|q| format!(" --set {q}"))).collect()
}

/// The three scripts, as (file name, text).
pub fn scripts(job: &Job) -> Result<Vec<(&'static str, String)>, Error> {
    let slurm = job.dir.join("slurm");
    let (exe, plan, dir, out) = (quote(&job.exe)?, quote(&job.plan)?, quote(&job.dir)?, quote(&slurm)?);
    let name = job_name(&job.name);
    let (tasks, mem, merge_mem) = (job.tasks, job.memory_mb, job.merge_memory_mb);
    let sweep = shard_array(
        &format!(
            "# diypol sweep {name}: array task i runs shard i+1 of {tasks} (the runs k with k mod {tasks} = i).\n\
             # Re-submitting resumes: finished runs are skipped. DIYPOL overrides the binary path.\n"
        ),
        &name,
        tasks,
        mem,
        &out,
        &format!("\"${{DIYPOL:-{exe}}}\" sweep {plan} --out {dir}{}", set_flags(&job.sets)?),
    );
    let merge = format!(
        "#!/bin/bash\n\
         # Stacks the finished runs once every array task has succeeded.\n\
         #SBATCH --job-name=diypol-{name}-merge\n\
         #SBATCH --cpus-per-task=1\n\
         #SBATCH --mem={merge_mem}M\n\
         #SBATCH --output={out}/merge_%j.out\n\
         set -euo pipefail\n\
         \"${{DIYPOL:-{exe}}}\" merge {dir}\n"
    );
    let submit = format!(
        "#!/bin/bash\n\
         # Submits the sweep as a job array and the merge as a job that waits for it.\n\
         # Pass sbatch options (e.g. --partition, --account) as arguments; --wait waits for both.\n\
         set -euo pipefail\n\
         array=$(sbatch --parsable \"$@\" {sweep})\n\
         echo \"array job $array\"\n\
         sbatch --dependency=afterok:\"${{array%%;*}}\" \"$@\" {merge}\n",
        sweep = quote(&slurm.join("sweep.sbatch"))?,
        merge = quote(&slurm.join("merge.sbatch"))?,
    );
    Ok(vec![("sweep.sbatch", sweep), ("merge.sbatch", merge), ("submit.sh", submit)])
}

/// A job name SLURM and `squeue -o %j` keep as written.
pub(crate) fn job_name(name: &str) -> String {
    name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_', "_")
}

/// A job array of `tasks` one-thread tasks, task i running `command --shard i+1/tasks`;
/// `comment` (whole `#` lines) says what it is. Shared with the calibration's passes.
pub(crate) fn shard_array(
    comment: &str,
    name: &str,
    tasks: u64,
    memory_mb: u64,
    out: &str,
    command: &str,
) -> String {
    format!(
        "#!/bin/bash\n\
         {comment}\
         #SBATCH --job-name=diypol-{name}\n\
         #SBATCH --array=0-{last}\n\
         #SBATCH --cpus-per-task=1\n\
         #SBATCH --mem={memory_mb}M\n\
         #SBATCH --output={out}/%A_%a.out\n\
         set -euo pipefail\n\
         {command} --shard $((SLURM_ARRAY_TASK_ID + 1))/{tasks} --threads 1 --quiet\n",
        last = tasks - 1
    )
}

/// Writes DIR/slurm/{sweep.sbatch, merge.sbatch, submit.sh}; returns submit.sh.
pub fn write(job: &Job) -> Result<PathBuf, Error> {
    write_scripts(&job.dir, scripts(job)?)
}

/// Writes each (file name, text) into DIR/slurm/, atomically; returns DIR/slurm/submit.sh.
/// Shared with the calibration's scripts.
pub(crate) fn write_scripts(dir: &Path, scripts: Vec<(&str, String)>) -> Result<PathBuf, Error> {
    let slurm = dir.join("slurm");
    std::fs::create_dir_all(&slurm).map_err(Error::write(&slurm))?;
    for (file, text) in scripts {
        let path = slurm.join(file);
        atomic::write_text(&path, &text).map_err(Error::write(&path))?;
    }
    Ok(slurm.join("submit.sh"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_quote_paths_and_chain_the_merge_after_the_array() {
        let job = Job {
            name: "diy sobol".into(),
            plan: "/home/me/my plans/it's.yaml".into(),
            dir: "/scratch/out dir".into(),
            exe: "/opt/diypol/bin/diypol".into(),
            tasks: 4,
            sets: vec!["description=it's a test".into()],
            memory_mb: 1024,
            merge_memory_mb: 2048,
        };
        let s = scripts(&job).unwrap();
        assert!(s[0].1.contains(r#" --set "description=it's a test""#), "{}", s[0].1);
        let (sweep, merge, submit) = (&s[0].1, &s[1].1, &s[2].1);
        assert!(sweep.contains("#SBATCH --array=0-3\n") && sweep.contains("#SBATCH --mem=1024M"), "{sweep}");
        assert!(sweep.contains("#SBATCH --job-name=diypol-diy_sobol"), "{sweep}");
        assert!(sweep.contains("--shard $((SLURM_ARRAY_TASK_ID + 1))/4 --threads 1"), "{sweep}");
        // Each path is one shell word whatever its spaces and quotes.
        let plan = quote(&job.plan).unwrap();
        assert!(sweep.contains(&format!("sweep {plan} --out")), "{sweep}");
        assert_eq!(shlex::split(&plan).unwrap(), vec!["/home/me/my plans/it's.yaml".to_string()]);
        assert!(merge.contains("merge '/scratch/out dir'"), "{merge}");
        assert!(submit.contains("--dependency=afterok:\"${array%%;*}\""), "{submit}");
        assert!(submit.contains("'/scratch/out dir/slurm/merge.sbatch'"), "{submit}");
    }
}
