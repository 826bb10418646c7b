//! The words of mentor profiles: bios composed from a career opening, what the
//! mentor enjoys coaching, a concrete story and how they like to work, so that
//! forty bios read like forty people.

use crate::rng::DemoRng;

/// How a career began, per business function; `{years}` is filled in.
fn openings(function: &str) -> &'static [&'static str] {
    match function {
        "Finance" => &[
            "I have spent {years} years in finance, starting as a graduate accountant in an audit practice and moving into industry when I realised I preferred building plans to checking them.",
            "Numbers were never the point for me: in {years} years of finance roles, the best work has been helping operational leaders see what their numbers are telling them.",
            "I qualified as a management accountant the long way, studying at night while running month-end close, and have now led finance teams for most of my {years} years here and elsewhere.",
        ],
        "Sales" => &[
            "I started on the phones as a business development rep and have spent {years} years in sales since, the last eight leading teams that sell to some of our largest customers.",
            "{years} years in sales have taught me that most deals are won by listening better than the competition, not by talking more.",
            "I came into sales sideways from customer service, which still shapes how I lead: {years} years on, I judge a quarter by the renewals as much as by new logos.",
        ],
        "Engineering" => &[
            "I wrote production code for a decade before I managed anyone, and have spent {years} years in engineering overall, most recently scaling teams through rapid growth.",
            "I have been building software for {years} years, from a two-person start-up to running platform teams of forty, and I still review a pull request when I can.",
            "My route into engineering was a physics degree and a support desk; {years} years later I lead people who are far better engineers than I ever was, which is the point.",
        ],
        "Operations" => &[
            "I have run operations for {years} years: contact centres, warehouses and, for the last few, customer operations across three sites.",
            "I began on the shop floor of a distribution centre and have worked in operations for {years} years since, always somewhere the work has to be done today, not next quarter.",
            "Operations is where strategy meets Monday morning; I have spent {years} years there, including a turnaround of a site everyone expected to close.",
        ],
        "People" => &[
            "I have worked in HR and learning for {years} years, starting in recruitment and moving into business partnering and then leadership development.",
            "Before HR I was a secondary school teacher, and {years} years in people roles have not changed my belief that most people can grow far more than they are asked to.",
        ],
        "Marketing" => &[
            "I have spent {years} years in marketing, agency side first and then in-house, leading brand, content and, more recently, growth teams.",
            "I started as a copywriter and have worked in marketing for {years} years; these days I spend more time on budgets and people than on words, and I enjoy both.",
        ],
        "Legal" => &[
            "I trained as a solicitor in a City firm and moved in-house {years} years into my career; I now lead legal and compliance with a small, sharp team.",
            "I have practised law for {years} years, the last ten in-house, where I learned that the useful answer is rarely \"no\" and usually \"yes, if\".",
        ],
        _ => &[
            "I have worked in product for {years} years, after starting as a business analyst, and have led product and design teams through two platform rebuilds.",
            "I came to product management from user research and have spent {years} years since helping teams decide what not to build.",
        ],
    }
}

/// What a mentor enjoys coaching, keyed by the skill they are strongest in.
pub fn enjoys_coaching(skill: &str) -> &'static str {
    match skill {
        "Quick, decisive strategic decisions" => "What I enjoy most is helping people make a sound decision with seventy per cent of the information, say it plainly and then own it, rather than waiting for a certainty that never comes.",
        "Recognising and developing talent" => "I love helping new managers learn to spot potential early, give people stretch before they ask for it, and have the honest career conversations that most of us put off.",
        "Leading through change" => "I most enjoy working with people who are leading a team through change they did not choose: how to be honest about what you do not know and still give people something to hold on to.",
        "Influencing without authority" => "I enjoy coaching people who need to get things done through colleagues who do not report to them: building the case, finding the real decision-maker, and trading favours honestly.",
        "Stakeholder management" => "I like helping people map who really matters to their work and build relationships before they need them, not in the middle of a crisis.",
        "Difficult conversations" => "I enjoy helping people prepare for the conversations they are dreading, whether it is feedback to a friend on the team or pushing back on a senior leader.",
        "Commercial awareness" => "I enjoy helping specialists see the business around their specialism: how we make money, where margin leaks, and why that changes which work matters.",
        "Managing managers" => "I enjoy working with people stepping up to lead other managers, which asks for a very different set of habits from leading a team directly.",
        "Presenting to senior audiences" => "I like helping people get their point across to an executive audience in three minutes: the answer first, then the reasons, then the ask.",
        "Building high-performing teams" => "I enjoy helping leaders build teams that hold each other to a high bar without me in the room: clear goals, real trust, and disagreements aired early.",
        "Strategic planning" => "I enjoy helping people step back from the quarter and write a plan that a team can actually follow, with the trade-offs spelled out.",
        "Negotiation" => "I enjoy coaching negotiation: preparing properly, knowing your walk-away point, and leaving the other side willing to deal with you again.",
        "Data-informed decisions" => "I like helping people use data to make a decision rather than to defend one, and to know when the data has run out and judgement has to take over.",
        _ => "I enjoy helping people think through a career move, sideways as well as up, and work out what they would regret not trying.",
    }
}

/// A concrete story from the mentor's own career.
const STORIES: [&str; 24] = [
    "The decision I learned most from was closing a product line I had launched myself; I waited six months too long, and I now help people spot that kind of attachment earlier.",
    "My first team had the highest attrition in the building. A mentor asked me to interview every leaver myself; what they told me rebuilt how I manage.",
    "When we moved our Leeds and Manchester teams onto one system, I learned that people will forgive a hard decision far sooner than a late explanation.",
    "I was once promoted over three peers who had all applied for the role. The first ninety days taught me more about trust than any course has.",
    "I turned down a promotion once because the timing was wrong for my family, and came back to it two years later better prepared; I talk openly about that choice.",
    "In my second year as a manager I had to make half my team redundant. How we did it, and how many of them still keep in touch, shapes how I lead change today.",
    "I inherited a project that was a year late and over budget. We stopped, re-planned in public, and delivered a smaller version that people actually used.",
    "Early in my career I presented a strategy to the board and was taken apart in five minutes. I have since helped a dozen people avoid the mistakes I made that day.",
    "I moved from Dublin to London to take on a team I had never met, half of whom wanted my job; winning them over took patience I did not know I had.",
    "A graduate I hired eight years ago now runs a bigger team than mine. Spotting what she could do before she could see it is the thing I am proudest of.",
    "We lost our largest customer in my first month in the role. Rebuilding the pipeline taught me to make fast calls and to explain them twice.",
    "I spent a year on secondment in a part of the business I knew nothing about, and learned to lead by asking good questions rather than knowing the answers.",
    "I once backed the wrong candidate for a senior hire against the advice of my team. Owning that mistake openly did more for the team's trust in me than getting it right would have.",
    "During the pandemic I led a team that had never worked remotely through a complete change of how we serve customers, in three weeks.",
    "I rebuilt our graduate programme after noticing that our best juniors were leaving within two years; retention doubled once they each had a mentor outside their line.",
    "I negotiated our largest supplier contract while the supplier was also our customer; keeping both relationships intact taught me more than any textbook.",
    "I went back to an individual role for a year after my first management job because I was not ready; stepping back was the best career decision I have made.",
    "I chaired the working group that merged two teams with very different cultures, and learned that you cannot announce a culture, only model it.",
    "A colleague once told me, kindly, that I was the bottleneck on every decision in my area. Learning to delegate real authority changed my job and my team.",
    "I was the first person in my family to go to university, and the first in my office without a professional network; I now try to be the contact I did not have.",
    "I led our response to a serious data incident at two in the morning, and learned that calm, frequent updates matter as much as the fix.",
    "I moved from a specialist role into general management at forty, which many told me was too late; it was not, and I enjoy helping others make similar jumps.",
    "I once spent a quarter getting a sceptical finance committee to fund a project by finding the one director who cared about the same problem and letting her make the case.",
    "When my team's engagement scores fell two years running, I asked them to redesign our ways of working themselves; scores and results both recovered.",
];

/// How the mentor likes to work with a mentee.
const CLOSINGS: [&str; 12] = [
    "I will ask more questions than I answer, and I expect you to drive the agenda.",
    "I am direct and will tell you what I see, kindly; I hope you will do the same for me.",
    "I prefer short, regular conversations to long, occasional ones, and I always want to hear what you tried since we last met.",
    "I will not do your work for you, but I will challenge you to try things you would not have tried alone.",
    "I like to agree a question at the end of each conversation for you to think about before the next one.",
    "I am happy to walk and talk; some of my best mentoring conversations have happened away from a desk.",
    "I share my mistakes freely; they are usually more useful than my successes.",
    "Expect me to be curious about your goals for the year and where you want to be in three.",
    "I will be honest if I think someone else would be a better mentor for what you need.",
    "I keep what we discuss confidential, and I expect to learn as much from you as you do from me.",
    "Bring a real problem to our first meeting; we will learn more from it than from a general chat.",
    "I will hold you to what you said you would do, and celebrate it when you do.",
];

const OUTCOMES: [&str; 10] = [
    "two of them now lead teams of their own",
    "one moved from a specialist role into management within a year",
    "most still get in touch when they face a big decision",
    "three were promoted during or shortly after our time together",
    "one went on to set up our employee network for carers",
    "several have since become mentors themselves",
    "one returned from a career break and is now a director",
    "one moved across from operations into finance and is thriving",
    "they rated the relationships highly in every programme survey",
    "two were part of our succession plan for senior roles",
];

pub const AVAILABILITY: [&str; 12] = [
    "Tuesday and Thursday mornings; early calls before nine are fine.",
    "Friday afternoons, and a lunch in the office once a month.",
    "Most weeks on Wednesday; I travel the first week of each month.",
    "Monday afternoons or Thursday at lunchtime.",
    "Flexible, with a week's notice; I prefer video on Mondays.",
    "Alternate Tuesdays, morning or afternoon.",
    "Late afternoons from four o'clock, any day but Friday.",
    "Thursday mornings, and I am happy to meet for coffee near the office.",
    "Any weekday lunchtime; I block two a month for mentoring.",
    "Wednesday afternoons; I am in Leeds on Wednesdays and in London the rest of the week.",
    "Early mornings before eight thirty, by video or phone.",
    "One long conversation a month works best for me, on a Friday.",
];

pub const ASSESSMENT_NOTES: [&str; 8] = [
    "Deep, current expertise in the programme's focus skills. Listened well in the panel conversation and asked the mentee-side questions unprompted.",
    "Strong track record of developing people; examples were specific. Communication is clear and warm. Approve.",
    "Very experienced; tends to answer rather than ask. Approved on the condition of completing the mentor training, which covers exactly this.",
    "Clear, structured communicator with relevant cross-functional experience. Good fit for mentees moving into management.",
    "Excellent references from previous mentees. Realistic about time: capacity set accordingly.",
    "Expertise is narrower than others in the pool but very deep; communication score reflects an engaging, plain-spoken style.",
    "Brings an operational perspective the pool lacks. Asked thoughtful questions about confidentiality. Approve.",
    "Good self-awareness about their own leadership style and its limits. Will suit mentees who want to be challenged.",
];

pub fn bio(
    rng: &mut DemoRng,
    function: &str,
    years: i64,
    top_skill: &str,
    story: usize,
    closing: usize,
) -> String {
    let opening = rng
        .pick(openings(function))
        .replace("{years}", &years.to_string());
    format!(
        "{opening} {} {} {}",
        enjoys_coaching(top_skill),
        STORIES[story % STORIES.len()],
        CLOSINGS[closing % CLOSINGS.len()]
    )
}

pub fn story_count() -> usize {
    STORIES.len()
}

pub fn track_record(rng: &mut DemoRng, mentored: i64, years: i64) -> String {
    if mentored == 0 {
        return "New to formal mentoring; has coached several people informally within the team."
            .into();
    }
    let outcome = rng.pick(&OUTCOMES);
    format!("Has mentored {mentored} people over {years} years, inside and outside their own function; {outcome}.")
}
