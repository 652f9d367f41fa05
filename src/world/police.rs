//! Police officers (MODEL.md §2, §7.6): individual agents with a task and, on patrol, a cell.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Task {
    Response = 0,
    Investigation = 1,
    TipTriage = 2,
    SocialMediaDesk = 3,
    WatchLiaison = 4,
    Patrol = 5,
}

pub const TASKS: [Task; 6] = [
    Task::Response,
    Task::Investigation,
    Task::TipTriage,
    Task::SocialMediaDesk,
    Task::WatchLiaison,
    Task::Patrol,
];

impl Task {
    pub fn name(self) -> &'static str {
        match self {
            Task::Response => "response",
            Task::Investigation => "investigation",
            Task::TipTriage => "tip_triage",
            Task::SocialMediaDesk => "social_media_desk",
            Task::WatchLiaison => "watch_liaison",
            Task::Patrol => "patrol",
        }
    }
}

/// Officers as struct-of-arrays, and the day's ledger of hours (docs/MODEL.md §7.6):
/// each task gets its officers' hours; what a task leaves unused becomes spare hours that
/// tasks later in the priority order draw on; spare hours left at the end of the day are
/// extra patrol the next day.
#[derive(Debug, Clone, Default)]
pub struct Police {
    pub task: Vec<Task>,
    /// Patrol cell of each officer (u32::MAX when not on patrol); extra patrols from
    /// yesterday's spare hours come after the officers.
    pub cell: Vec<u32>,
    /// Officer-hours assigned per task today (what is paid), indexed by `Task as usize`.
    pub hours: [f64; 6],
    /// Hours each task has left of its own today.
    pub left: [f64; 6],
    /// Hours each task spent today, its own and spare ones.
    pub used: [f64; 6],
    /// Hours of work a task could not do today for want of hours (overload).
    pub unmet: [f64; 6],
    /// Unused hours released by tasks done so far today.
    pub spare: f64,
    /// Hours one task released and another spent today.
    pub reallocated: f64,
    /// Spare hours at the end of yesterday, patrolled today.
    pub carried: f64,
}

impl Police {
    /// Officers (extra patrols excluded).
    pub fn officers(&self) -> usize {
        self.task.len()
    }

    /// A new day's hours per task.
    pub fn assign(&mut self, hours: [f64; 6]) {
        self.hours = hours;
        self.left = hours;
        self.used = [0.0; 6];
        self.unmet = [0.0; 6];
        self.spare = 0.0;
        self.reallocated = 0.0;
    }

    /// Hours `task` may spend now: its own left, then the day's spare hours.
    pub fn available(&self, task: Task) -> f64 {
        self.left[task as usize] + self.spare
    }

    /// `task` spends `h` hours (at most `available`): its own first, then spare ones.
    pub fn spend(&mut self, task: Task, h: f64) {
        let t = task as usize;
        let own = h.min(self.left[t]);
        let borrowed = (h - own).min(self.spare).max(0.0);
        self.left[t] -= own;
        self.spare -= borrowed;
        self.reallocated += borrowed;
        self.used[t] += own + borrowed;
    }

    /// `task` is done for the day: what it has left of its own becomes spare.
    pub fn release(&mut self, task: Task) {
        let t = task as usize;
        self.spare += self.left[t];
        self.left[t] = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unused_hours_go_to_tasks_later_in_the_day() {
        let mut p = Police::default();
        p.assign([10.0, 20.0, 5.0, 0.0, 0.0, 30.0]);
        p.spend(Task::TipTriage, 2.0);
        p.release(Task::TipTriage);
        assert_eq!(p.available(Task::Investigation), 23.0);
        p.spend(Task::Investigation, 22.0);
        assert_eq!((p.used[1], p.reallocated, p.spare), (22.0, 2.0, 1.0));
        // Spending never goes beyond what is available.
        p.spend(Task::Response, 50.0);
        assert_eq!(p.used[0], 11.0);
        assert_eq!(p.spare, 0.0);
    }
}
