//! The built-in resources, written for Mentorhub: what a mentee, a mentor and a
//! manager need to read before and during a mentoring relationship. Plain text,
//! paragraphs separated by blank lines, lists with "- ".

pub const SELF_ASSESSMENT_TITLE: &str = "Before you look for a mentor: a self-assessment";
pub const SELF_ASSESSMENT: &str = "\
Mentoring works when you know what you want from it. A mentor can help with almost anything, which is exactly why \"help me develop as a leader\" is not enough to start from. Take twenty minutes with these questions before you browse the mentor list or meet anyone. Your answers become your self-assessment in Mentorhub, and they are what the matching uses.

1. Which one or two skills do you most want to improve? Be specific. \"Making strategic decisions quickly and decisively\" or \"recognising and developing talent in my team\" is something a mentor can work on with you; \"leadership\" is not. If you have more than two, pick the two that would make the biggest difference this year.

2. How do you lead today? Some people lead through consensus: they bring people with them and decide together. Others are decisive: they make the call and motivate people to follow it. Neither is better. Name your own style honestly, or describe it in your own words if neither fits.

3. Do you want a mentor who leads the way you do, so you can get better at your own style, or one who leads differently, so they challenge you and add something new? Both are good choices; they lead to different conversations.

4. What kind of person do you open up to? Think about the people you have learned most from. Were they sociable or more business-like? Thinkers who reflect, or doers who act? Warm and friendly, or reserved? You can leave any of these open.

5. What are your development goals for this year? Write two or three, in a sentence each, that someone else could recognise when you have achieved them.

6. Where do you see yourself in three years? It does not need to be a job title. \"Leading a team in another function\" or \"a trusted specialist others come to\" is enough.

Keep your answers to hand. You will use them when you first meet your mentor, and it is worth reading them again at your one-month and three-month check-ins.";

pub const FIRST_MEETING_TITLE: &str = "Your first meeting: an agenda template";
pub const FIRST_MEETING: &str = "\
The first meeting sets the tone for everything after it. The mentee drives the agenda: send this one, filled in, a few days before you meet. Allow an hour.

- Ten minutes each: introductions. How you got to where you are, what you enjoy about your work, something outside work if you like. Sharing a little about yourselves builds the rapport everything else depends on.
- What the mentee wants: the one or two skills they chose, their goals for the year, and where they see themselves in three years.
- What the mentor wants: what they hope to give, what they hope to learn, and what they expect from the mentee.
- How you will work together: how often you meet (every week is ideal; once a month is the minimum that keeps momentum), face to face, by phone or by video, and what you both do when a meeting has to move.
- Confidentiality: what stays between you, and what, if anything, the mentee wants to share with their manager.
- Feedback: how either of you will say that something isn't working. Agree it now, while it is easy to talk about.
- The date of your next meeting, in both diaries before you leave.
- A question for next time. The mentor poses a question for the mentee to prepare an answer to, such as \"What do you expect from a mentor?\" or \"Which decision this month did you put off, and why?\". Build the first two or three meetings around these questions; they give the relationship structure while it finds its feet.

Afterwards, record the meeting in Mentorhub: the agenda, your own notes (private unless you share them), the next date and the question. Then draft your agreement from what you decided.";

pub const AGREEMENT_TITLE: &str = "The mentoring agreement: a template";
pub const AGREEMENT: &str = "\
An agreement is not a contract. It is a short record of the expectations you set together, so that neither of you has to guess, and so that you have something to come back to when you reassess. Relationships without clear mutual expectations tend to drift into confusion and then into silence. Write it after your first meeting; both of you confirm it in Mentorhub.

How often we meet: every two weeks, on a day that suits us both, for about an hour. If one of us must cancel, we rearrange within the same week rather than skip.

How we meet: face to face when we are in the same office, otherwise by video. Scheduled meetings are not the only time we talk: the mentee may send a question at any reasonable time.

Confidentiality: what we discuss stays between us unless we both agree to share it. Notes are private to their author unless shared. The mentee decides which goals their manager sees. Neither of us reports on the other.

If something isn't working: either of us says so, at the next meeting or by message, without needing a reason. We then decide together to change something or to end the relationship kindly. Ending is not failure.

How long before we reassess: nine months in a formal programme, at least four to six months in an informal one. At that point we decide whether to continue for another period or close with a short reflection each.

Concerns: each of us writes down anything that worries us about this relationship, for example time pressure, travel, or talking about one's own manager, so that we can plan around it from the start.";

pub const TRAINING_TITLE: &str = "Being a good mentor";
pub const TRAINING: &str = "\
This training is required before you can be matched in the Leadership Depth programme. It takes about forty minutes. Mark it complete when you have read it and thought about the questions at the end.

Mentoring is not managing. As a manager you care about performance: work done accurately, on time and on budget. As a mentor you care about something broader: you offer perspective, you ask the questions that make someone think in new ways, and you challenge them to try things they would not try alone. The relationship is more personal than the one you have with your own team, and it is not about this quarter's results.

The energy comes from the mentee. Your mentee sets the agenda, brings the problems and does the work. Your job is to be patient, to be available, to say \"no\" when that is the honest answer, and to call them forward. Never do the work on the mentee's behalf: if you write the paper, make the phone call or fix the spreadsheet, you have taken away the very thing they came to learn.

Know what you can offer. The most valuable thing you bring is not advice but the lessons of your own experience, including the mistakes. Think about the skills you have and how you learned them. Be honest, too, about what you do not know: sometimes the best thing you can do is introduce your mentee to someone else.

Structure the start. Ask your mentee to come to the first meeting ready to say what they expect from a mentor, what their goals are for the year and where they see themselves in three years, and share your own expectations too. Agree how often you will meet and how. Before each of the first two or three meetings ends, pose one question for your mentee to prepare an answer to: it gives the next meeting its shape.

Build in feedback. Agree early how either of you will say that something isn't working. Use the one-month and three-month check-ins: answer them honestly (your mentee does not see your answers; the programme team does), and raise anything that bothers you in the next meeting rather than letting it drift.

Respect the manager's role. Your mentee's manager is responsible for their performance and development, and is told about the relationship. If you sit in your mentee's own management line, their manager is asked to approve first. Keep what your mentee tells you confidential, including what they say about their manager.

When it goes quiet. Many relationships stall in the first three months: diaries fill up and nobody books the next meeting. If no contact is logged within ninety days, Mentorhub will close the relationship as dormant, and tell you both that this is common and says nothing against either of you. You are both free to try again with someone else.

Before you mark this complete, think about three questions. What did your best mentor or manager do that you want to do too? What is your own habit, as a leader, that might get in the way of listening? And how will you know, in nine months, that the relationship was worth both your time?";

pub const ARTICLE_TITLE: &str = "What makes mentoring work: lessons from programmes that failed";
pub const ARTICLE: &str = "\
Most mentoring programmes fail quietly. Everybody means well, pairs are introduced, a first coffee happens, and then nothing. Looking at why tells us most of what makes them work.

Start with a purpose more specific than \"leadership development\". Decide what the organisation actually needs: faster development of specific skills, a stronger succession pipeline for senior roles, or more depth of leadership below the top team. The focus decides who should take part, which mentors you need and how you match them. A programme without one drifts.

Qualify your mentors. It is tempting to accept every volunteer for fear of running short, and it is a mistake. A mentor needs expertise in what the programme is for and the communication skills to pass it on. Quality beats quantity: a smaller pool of good mentors helps more people than a large pool of indifferent ones.

Match on what matters. Career level, the skills the mentee wants, location when people want to meet in person, the business functions most at risk, and the styles people respond to. Give mentees a list of mentors with real biographies and let them name one or two they would like; honour first choices where you can.

Make expectations explicit. Introduce each pair with a clear description of what is expected: a call every week, a coffee every month, the mentee sharing a list of goals. People can deviate from a specific expectation; they cannot deviate from a vague one, they simply stop.

Check in early. Ask both after one month and again after three how it is going. If a pair has not been in regular contact in that time, declare the relationship dormant, and make it clear to both that this is common and no reflection on either of them. Each should be free to try again with someone else.

Train everyone. We would never put someone in a new job without training, yet we routinely do it with mentors, mentees and managers. Each needs to know what is expected of them, what they can expect, and how they fit into the wider plan.

Tell every stakeholder. Mentors, mentees, managers and administrators should all understand the programme is a business strategy first, with objectives and a plan, not a perk.

Remember whose relationship it is. The mentee drives it; the mentor coaches and challenges but never does the work for them. And the best relationships are not transactions about next quarter's goals: they give the mentee a way of looking at problems they will use for the rest of their career.";

pub const MANAGER_GUIDE_TITLE: &str = "For managers: supporting a report who has a mentor";
pub const MANAGER_GUIDE: &str = "\
When someone on your team starts a mentoring relationship, you are told, and you have a part to play. You remain responsible for their performance and development; the mentor adds perspective from outside your line.

What you will see: that the relationship exists and what state it is in, and any goals your report chooses to share with you. You will not see meeting notes or check-in answers. That privacy is what lets your report talk openly, including about working with you.

When your approval is asked: if the mentor your report wants sits in your report's own management line (for example, your own manager), the programme asks you to approve first. Approve when you believe the relationship will help; talk to your report if you have concerns, and say why.

How to help: make time for the meetings, ask your report what they are working on (and let them choose how much to tell you), and offer stretch work that lets them practise what they are learning. If the mentor asks you for guidance on your report's development, give it.";
