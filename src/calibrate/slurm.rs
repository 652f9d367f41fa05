//! SLURM batch scripts for a calibration. ABC-SMC's rounds follow one another and their
//! number is not known in advance, so the scripts form a chain of passes: a job array whose
//! task i does shard i + 1 of the current round (and goes on into later rounds as far as the
//! other shards' share is on disk), then a job that waits for the array, stops when the
//! posterior is written and otherwise submits the next pass. No task waits on another, so
//! the chain cannot deadlock however few tasks the cluster runs at once.

use std::path::PathBuf;

use crate::error::Error;
use crate::sweep::slurm::{job_name, quote, shard_array, write_scripts};

/// What the scripts need to know.
#[derive(Debug, Clone)]
pub struct Job {
    /// The calibration's name (job names).
    pub name: String,
    /// Absolute paths of the spec, the calibration folder and the diypol binary.
    pub spec: PathBuf,
    pub dir: PathBuf,
    pub exe: PathBuf,
    pub tasks: u64,
    /// Memory of one array task (one simulation at a time), in MiB.
    pub memory_mb: u64,
    /// Passes after which the chain gives up (a round needs at least one).
    pub max_passes: u64,
}

/// The three scripts, as (file name, text).
pub fn scripts(job: &Job) -> Result<Vec<(&'static str, String)>, Error> {
    let slurm = job.dir.join("slurm");
    let (exe, spec, dir, out) = (quote(&job.exe)?, quote(&job.spec)?, quote(&job.dir)?, quote(&slurm)?);
    let posterior = quote(&job.dir.join("posterior.parquet"))?;
    let submit_path = quote(&slurm.join("submit.sh"))?;
    let name = job_name(&job.name);
    let (tasks, max) = (job.tasks, job.max_passes);
    let pass = shard_array(
        &format!(
            "# diypol calibrate {name}, one pass: array task i does shard i+1 of {tasks} of the current\n\
             # round (simulations k with k mod {tasks} = i). Finished simulations are kept, so a pass\n\
             # that fails can be submitted again. DIYPOL overrides the binary path.\n"
        ),
        &name,
        tasks,
        job.memory_mb,
        &out,
        &format!("\"${{DIYPOL:-{exe}}}\" calibrate {spec} --out {dir}"),
    );
    let next = format!(
        "#!/bin/bash\n\
         # After a pass: done when the posterior is written, otherwise the next pass.\n\
         #SBATCH --job-name=diypol-{name}-next\n\
         #SBATCH --cpus-per-task=1\n\
         #SBATCH --mem=256M\n\
         #SBATCH --output={out}/next_%j.out\n\
         set -euo pipefail\n\
         if [ -f {posterior} ]; then echo \"calibration finished after pass ${{DIYPOL_PASS:-1}}: {dir}\"; exit 0; fi\n\
         pass=${{DIYPOL_PASS:-1}}\n\
         if [ \"$pass\" -ge {max} ]; then echo \"no posterior after $pass passes; see {out}\" >&2; exit 1; fi\n\
         eval \"set -- ${{DIYPOL_SBATCH_ARGS:-}}\"\n\
         DIYPOL_PASS=$((pass + 1)) exec bash {submit_path} \"$@\"\n"
    );
    let submit = format!(
        "#!/bin/bash\n\
         # Submits a pass (a job array) and the job that, once it has succeeded, submits the\n\
         # next one, until the posterior is written (at most {max} passes). Pass sbatch options\n\
         # (e.g. --partition, --account) as arguments; they are kept for every pass. --wait\n\
         # (first) waits until the calibration has finished, and fails if the chain stops short.\n\
         set -euo pipefail\n\
         wait=0\n\
         if [ \"${{1:-}}\" = --wait ]; then wait=1; shift; fi\n\
         # printf would turn no options into one empty word: quote only what was given.\n\
         DIYPOL_SBATCH_ARGS=\n\
         if [ $# -gt 0 ]; then DIYPOL_SBATCH_ARGS=\"$(printf '%q ' \"$@\")\"; fi\n\
         export DIYPOL_SBATCH_ARGS\n\
         export DIYPOL_PASS=${{DIYPOL_PASS:-1}}\n\
         array=$(sbatch --parsable \"$@\" {pass_path})\n\
         echo \"pass $DIYPOL_PASS: array job $array\"\n\
         sbatch --parsable --dependency=afterok:\"${{array%%;*}}\" \"$@\" {next_path} >/dev/null\n\
         [ \"$wait\" = 1 ] || exit 0\n\
         while [ ! -f {posterior} ]; do\n\
         \x20 sleep 2\n\
         \x20 if [ -z \"$(squeue -h -o %j | grep -E '^diypol-{name}(-next)?$')\" ] && [ ! -f {posterior} ]; then\n\
         \x20   echo \"the chain stopped before the posterior was written; see {out}\" >&2; exit 1\n\
         \x20 fi\n\
         done\n\
         echo \"calibration finished: {dir}\"\n",
        pass_path = quote(&slurm.join("pass.sbatch"))?,
        next_path = quote(&slurm.join("next.sbatch"))?,
    );
    Ok(vec![("pass.sbatch", pass), ("next.sbatch", next), ("submit.sh", submit)])
}

/// Writes DIR/slurm/{pass.sbatch, next.sbatch, submit.sh}; returns submit.sh.
pub fn write(job: &Job) -> Result<PathBuf, Error> {
    write_scripts(&job.dir, scripts(job)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_chain_until_the_posterior_is_written() {
        let job = Job {
            name: "base line".into(),
            spec: "/home/me/my specs/it's.yaml".into(),
            dir: "/scratch/cal dir".into(),
            exe: "/opt/diypol".into(),
            tasks: 8,
            memory_mb: 1024,
            max_passes: 40,
        };
        let s = scripts(&job).unwrap();
        let (pass, next, submit) = (&s[0].1, &s[1].1, &s[2].1);
        assert!(pass.contains("#SBATCH --array=0-7\n") && pass.contains("#SBATCH --mem=1024M"), "{pass}");
        assert!(pass.contains("--shard $((SLURM_ARRAY_TASK_ID + 1))/8 --threads 1"), "{pass}");
        assert!(pass.contains(&format!("calibrate {} --out", quote(&job.spec).unwrap())), "{pass}");
        assert!(next.contains("if [ -f '/scratch/cal dir/posterior.parquet' ]"), "{next}");
        assert!(next.contains("-ge 40"), "{next}");
        assert!(submit.contains("--dependency=afterok:\"${array%%;*}\""), "{submit}");
        assert!(submit.contains("^diypol-base_line(-next)?$"), "{submit}");
    }
}
