//! The words of a relationship's life: agendas, questions for next time, notes by
//! each side, check-in answers, reflections and the concerns named in agreements.

pub fn goal_title(skill: &str, variant: usize) -> &'static str {
    let options: [&str; 2] = match skill {
        "Quick, decisive strategic decisions" => [
            "Decide within the week on calls that are mine",
            "Bring recommendations, not options, to my director",
        ],
        "Recognising and developing talent" => [
            "Quarterly development conversation with each report",
            "Put two people forward for stretch assignments",
        ],
        "Leading through change" => [
            "Lead the team through the spring reorganisation",
            "Explain the why of every change to my team first",
        ],
        "Influencing without authority" => [
            "Get three functions to agree the shared reporting project",
            "Build support before the steering meeting, not in it",
        ],
        "Stakeholder management" => [
            "Stakeholder map for my two biggest projects",
            "Turn my hardest stakeholder relationship around",
        ],
        "Difficult conversations" => [
            "Give feedback within a week of noticing",
            "Push back on unrealistic deadlines with alternatives",
        ],
        "Commercial awareness" => [
            "Argue my team's budget from the P&L",
            "Understand how our top five customers make money",
        ],
        "Managing managers" => [
            "Coach my two leads instead of fixing their problems",
            "A leadership team that decides without me",
        ],
        "Presenting to senior audiences" => [
            "Present the quarterly review to the executive team",
            "Ten-minute, answer-first updates",
        ],
        "Building high-performing teams" => [
            "Agree with the team what a good month looks like",
            "Hire and onboard two new starters well",
        ],
        "Strategic planning" => [
            "Next year's plan agreed in one round",
            "One afternoon a month on the two-year view",
        ],
        "Negotiation" => [
            "Walk-away point agreed before every renewal",
            "Negotiate next year's resourcing from evidence",
        ],
        "Data-informed decisions" => [
            "Replace two gut-feel decisions with measures",
            "A dashboard the team uses to decide",
        ],
        _ => [
            "Try management before deciding on it",
            "Shadow two teams in other functions",
        ],
    };
    options[variant % 2]
}

pub const EXTRA_GOALS: [(&str, &str); 4] = [
    ("Build a network outside my function", "Meet one senior leader from another function each month and ask what they wish they had known at my stage."),
    ("Read and discuss one book on leadership", "Agree a book with my mentor each quarter and bring one idea I tried to our next meeting."),
    ("Prepare for the next role", "Write down what the next role asks for, find the two biggest gaps, and close one of them this year."),
    ("Protect time for thinking", "Block two hours a week with no meetings and use it for the work that matters most, not the most urgent."),
];

pub const FIRST_AGENDA: &str = "Introductions: how we each got here, in ten minutes each. \
    What I hope to get from mentoring, my one or two focus skills, my goals for the year and where I see myself in three years. \
    Agree how often we meet, face to face or by video, how we keep things confidential and how either of us says something isn't working. \
    Set the date of our next meeting.";

pub const SECOND_AGENDA: &str = "My answer to the question you posed last time. \
    Turn my goals into two or three we will track here, and decide which I share with my manager. \
    Confirm our agreement.";

pub const AGENDAS: [&str; 14] = [
    "A decision I am putting off: walk through the options and what is stopping me.",
    "Feedback I received in my review and what I want to do with it.",
    "Preparing for the steering meeting: who needs to hear what before the day.",
    "How the conversation with my report went, and what I would do differently.",
    "Progress on my goals; what moved, what did not, and why.",
    "Your story of leading through a reorganisation, and what applies to ours.",
    "Practising the quarterly review presentation: answer first, then the reasons.",
    "Building my network: who I have met since last time, who next.",
    "A conflict between two people on my team and how to handle it fairly.",
    "Where I see myself in three years, revisited: has anything changed?",
    "Saying no to work that does not fit our priorities, without burning bridges.",
    "Reviewing the plan for next year before I send it to my director.",
    "What I learned from the stretch assignment, and what I would ask for next.",
    "Check-in on how our mentoring is working for both of us.",
];

pub const QUESTIONS: [&str; 16] = [
    "What do you expect from a mentor, and what will you do if you do not get it?",
    "Which decision this month did you delay, and what were you waiting for?",
    "Who on your team is ready for more than you are giving them?",
    "If you left tomorrow, who would you want to step into your role, and are they ready?",
    "What is one thing your manager would say you should do more of?",
    "When did you last change your mind because of what someone on your team said?",
    "Which stakeholder would you least like to meet next week, and why?",
    "What would you try if you knew it could not fail?",
    "What does a good month look like for your team, in their words rather than yours?",
    "Which of your habits served you as a specialist but gets in your way as a leader?",
    "What is the one conversation you are avoiding?",
    "What would you stop doing if you had to free up a day a week?",
    "Who outside your function understands your work best, and what do they see that you do not?",
    "What did you learn about yourself from the last piece of feedback you disagreed with?",
    "What will you be proud of in twelve months' time?",
    "What do you want the people who work for you to say about you when you have moved on?",
];

pub const MENTEE_NOTES: [&str; 14] = [
    "Useful push to stop waiting for perfect data. Agreed to make the call on the vendor shortlist by Friday and tell the team why.",
    "We talked through my review. I had only heard the criticism; we found two strengths I had ignored. Plan: one conversation with my manager about the stretch project.",
    "Mapped my stakeholders on the whiteboard. I had been treating Operations as a blocker; they are the people with the most to lose. Meeting their lead next week.",
    "Practised the presentation twice. Answer first felt abrupt to me but clearly lands better. Cut the deck from fourteen slides to five.",
    "Hard conversation with my report went better than feared. I used the structure we discussed: what I saw, the impact, what I need. We agreed a plan together.",
    "Mostly listened today, which was what I needed. The story about the reorganisation helped more than advice would have.",
    "Realised I have been doing my team's work to avoid delegating. Picking one task a week to hand over properly, with the authority that goes with it.",
    "Reviewed goals: two moving, one stalled because I never made time. Blocked Thursday mornings.",
    "Talked about the team lead role. I want it, but I want to try leading the next project first to be sure.",
    "Good challenge on my plan: too many priorities. Cut it to three and wrote down what we are not doing.",
    "We discussed how to say no to the extra reporting request. I will offer the monthly summary instead of the weekly one.",
    "Felt stuck coming in; left with a next step. Asked my mentor to hold me to it next time.",
    "We talked about managing someone older and more experienced than me. Key point: ask for their advice openly, keep the decisions.",
    "Quick one by phone. Short but useful: I had already solved the problem and needed to hear myself say it.",
];

pub const MENTOR_NOTES: [&str; 12] = [
    "Much more confident than at the start. Still asks permission for decisions that are clearly theirs to make; keep gently pointing that out.",
    "Came well prepared with an answer to last time's question. The stalled goal is about time, not ability.",
    "Tends to solve problems for the team. Suggested trying the questions we used today with one of their reports.",
    "Strong analysis, underplays it when presenting. Next time: rehearse the opening two minutes only.",
    "Reminded myself not to give answers. My mentee found a better option than the one I would have suggested.",
    "Energy lower today: workload. Agreed to keep the next meeting short and focused on one decision.",
    "Good progress on the stakeholder goal; the Operations lead is now an ally.",
    "I shared the story of my first redundancy round. Worth following up on how the team announcement goes.",
    "Asked me for feedback on how I am mentoring. Useful: I talk too much in the first ten minutes.",
    "We agreed that the goal on presenting is met; time to set a harder one.",
    "Worth an introduction to the Head of Commercial Legal: same problem, different angle.",
    "Clear progress since the check-in. The relationship is working for both of us.",
];

pub const HELP_POSITIVE: [&str; 8] = [
    "Nothing more needed; it helps that we fixed the dates for the whole quarter at the start.",
    "A short guide on structuring the later meetings, once the first goals are met.",
    "More notice when the mentor travels, so we can switch to video rather than cancel.",
    "It would help to have the goals visible to my manager, which I have now shared.",
    "An occasional session with other mentees to compare notes.",
    "It is working well; a reminder a day before each meeting would help me prepare.",
    "Clearer guidance on what to bring to each meeting.",
    "Being able to see our agreement again when we reassess.",
];

pub const HELP_STRUGGLING: [&str; 4] = [
    "We have struggled to find time since the reorganisation; a fixed slot would help.",
    "I am not sure we are the right fit; it would help to talk to someone in the People team.",
    "More clarity on what the mentor expects me to prepare.",
    "Our meetings keep moving. I need to be more assertive about keeping them.",
];

pub const MENTEE_REFLECTIONS: [&str; 5] = [
    "I came in wanting to decide faster and leave having made three decisions I would have delayed a year ago, and explained each one myself. The biggest change is that I no longer wait for permission on things that are mine to decide. I will keep the habit of a question to prepare for each conversation.",
    "The relationship worked because we agreed the rules at the start and kept to them. I now hold development conversations with each person on my team every quarter, and one of them has just been promoted.",
    "I did not get the team lead role this year, but I know why, and I know what to do about it. My mentor never told me what to do; the questions were harder and more useful than answers.",
    "Most valuable was seeing how a senior leader thinks about trade-offs. I presented to the executive team twice, and the second time I enjoyed it.",
    "We ended with a plan for the next year that I own. I would like to mentor someone myself next cohort.",
];

pub const MENTOR_REFLECTIONS: [&str; 5] = [
    "A rewarding nine months. The mentee drove the agenda from the second meeting on, which made my job easy. I learned to ask rather than tell, and I used the same approach with my own team.",
    "Clear growth in confidence and in the quality of decisions. We ended on the right note: the goals were met and there was no need to continue for the sake of it.",
    "I would do this again. The check-ins helped us adjust early when the meetings started slipping.",
    "My mentee taught me a lot about how our newer colleagues experience the organisation. I have changed how I run my own team meetings as a result.",
    "The structure of the first three meetings, each around a question, worked very well. I will use it with my next mentee.",
];

pub const MENTOR_CONCERNS: [&str; 6] = [
    "I travel in the first week of each month; I will move those meetings to video rather than cancel.",
    "I want to be sure I am coaching, not managing: please tell me if I start giving instructions.",
    "My diary is full in quarter-end weeks; we should agree dates a quarter ahead.",
    "",
    "I would like us both to prepare: you the agenda, me a story or a question.",
    "",
];

pub const MENTEE_CONCERNS: [&str; 6] = [
    "I worry about taking up too much of a senior person's time.",
    "I want to talk about my manager without it getting back to them.",
    "",
    "I find it hard to admit when I am stuck; I would like to be asked directly.",
    "I am new to this and not sure what good looks like yet.",
    "",
];
