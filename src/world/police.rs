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

/// Officers as struct-of-arrays; today's hours per task are derived from them.
#[derive(Debug, Clone, Default)]
pub struct Police {
    pub task: Vec<Task>,
    /// Patrol cell of each officer (u32::MAX when not on patrol).
    pub cell: Vec<u32>,
    /// Officer-hours per task today, indexed by `Task as usize`.
    pub hours: [f64; 6],
}

impl Police {
    pub fn officers(&self) -> usize {
        self.task.len()
    }
}
