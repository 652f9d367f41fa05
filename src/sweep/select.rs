//! Which runs of a plan one invocation does: all, every N-th (`--shard I/N`, for SLURM
//! array tasks sharing a folder), or one (`--run-index K`).

use std::str::FromStr;

use crate::error::Error;

/// Which runs of the plan this invocation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    All,
    /// Shard i of n (1-based): runs with index ≡ i − 1 (mod n).
    Shard {
        i: u64,
        n: u64,
    },
    /// One run (a SLURM array task of one run).
    One(u64),
}

/// `I/N` as typed after `--shard`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub i: u64,
    pub n: u64,
}

/// Why `--shard` could not be read.
#[derive(Debug, thiserror::Error)]
#[error("expected I/N with 1 ≤ I ≤ N, e.g. --shard 2/8")]
pub struct ShardSyntax;

impl FromStr for Shard {
    type Err = ShardSyntax;

    fn from_str(s: &str) -> Result<Shard, ShardSyntax> {
        let (i, n) = s.split_once('/').ok_or(ShardSyntax)?;
        let (i, n) = (
            i.trim().parse::<u64>().map_err(|_| ShardSyntax)?,
            n.trim().parse::<u64>().map_err(|_| ShardSyntax)?,
        );
        if n == 0 || i == 0 || i > n {
            return Err(ShardSyntax);
        }
        Ok(Shard { i, n })
    }
}

impl Selection {
    /// The selection of `--shard` or `--run-index` (at most one is given), checked against
    /// a plan of `total` runs.
    pub fn new(shard: Option<Shard>, run_index: Option<u64>, total: u64) -> Result<Selection, Error> {
        match (shard, run_index) {
            (Some(Shard { n, .. }), _) if n > total => Err(Error::usage(
                format!("--shard: {n} shards but the plan has only {total} runs"),
                format!("use at most {total} shards"),
            )),
            (Some(Shard { i, n }), _) => Ok(Selection::Shard { i, n }),
            (None, Some(k)) if k >= total => Err(Error::usage(
                format!("--run-index {k}: the plan has runs 0 to {}", total.saturating_sub(1)),
                format!("SLURM array indices must stay below {total}"),
            )),
            (None, Some(k)) => Ok(Selection::One(k)),
            (None, None) => Ok(Selection::All),
        }
    }

    /// The selected runs of a plan of `total`, in order, one at a time (a plan may have
    /// more runs than memory holds indices).
    pub fn runs(self, total: u64) -> impl Iterator<Item = u64> {
        let (start, step, end) = match self {
            Selection::All => (0, 1, total),
            Selection::Shard { i, n } => (i - 1, n, total),
            Selection::One(k) => (k, 1, k + 1),
        };
        (0..).map(move |j: u64| start.saturating_add(j.saturating_mul(step))).take_while(move |&k| k < end)
    }

    /// How many runs are selected, without listing them.
    pub fn count(self, total: u64) -> u64 {
        match self {
            Selection::All => total,
            Selection::Shard { i, n } => (total + n - i) / n,
            Selection::One(_) => 1,
        }
    }

    /// Whether run `k` is selected.
    pub fn contains(self, k: u64) -> bool {
        match self {
            Selection::All => true,
            Selection::Shard { i, n } => k % n == i - 1,
            Selection::One(j) => k == j,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_partition_the_runs() {
        assert_eq!("2/3".parse::<Shard>().unwrap(), Shard { i: 2, n: 3 });
        for bad in ["0/2", "3/2", "2", "a/b", "1/0", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let total = 10;
        let mut all: Vec<u64> = (1..=3).flat_map(|i| Selection::Shard { i, n: 3 }.runs(total)).collect();
        all.sort();
        assert_eq!(all, Selection::All.runs(total).collect::<Vec<_>>());
        assert_eq!(Selection::Shard { i: 2, n: 3 }.runs(total).collect::<Vec<_>>(), vec![1, 4, 7]);
        for sel in [
            Selection::All,
            Selection::Shard { i: 1, n: 3 },
            Selection::Shard { i: 3, n: 3 },
            Selection::One(4),
        ] {
            let listed: Vec<u64> = sel.runs(total).collect();
            assert_eq!(sel.count(total), listed.len() as u64, "{sel:?}");
            assert!((0..total).all(|k| sel.contains(k) == listed.contains(&k)), "{sel:?}");
        }
        // A plan of more runs than memory could list is counted and walked lazily.
        let huge = 52_428_800_000_000u64;
        assert_eq!(Selection::Shard { i: 7, n: 1000 }.count(huge), huge / 1000);
        assert_eq!(Selection::All.runs(huge).nth(5), Some(5));
    }

    #[test]
    fn selections_are_checked_against_the_plan() {
        let e = Selection::new(Some(Shard { i: 1, n: 9 }), None, 8).unwrap_err();
        assert!(e.to_string().contains("9 shards but the plan has only 8 runs"), "{e}");
        let e = Selection::new(None, Some(8), 8).unwrap_err();
        assert!(e.to_string().contains("the plan has runs 0 to 7"), "{e}");
        assert_eq!(Selection::new(None, Some(7), 8).unwrap(), Selection::One(7));
        assert_eq!(Selection::new(None, None, 8).unwrap(), Selection::All);
    }
}
