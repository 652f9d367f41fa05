//! Police officers (MODEL.md §2, §7.6): individual agents with a task and, on patrol, a cell.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Task {
    Response = 0,
    Investigation = 1,
    SocialMediaDesk = 2,
    Patrol = 3,
}

pub const TASKS: [Task; 4] = [Task::Response, Task::Investigation, Task::SocialMediaDesk, Task::Patrol];

impl Task {
    pub fn name(self) -> &'static str {
        match self {
            Task::Response => "response",
            Task::Investigation => "investigation",
            Task::SocialMediaDesk => "social_media_desk",
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
    pub hours: [f64; 4],
}

impl Police {
    pub fn officers(&self) -> usize {
        self.task.len()
    }
}
