/*
 * demo_text.c - the words of the demo: names, subjects, learning-outcome
 * descriptions, the codebook of themes with the phrases that express each
 * (survey free text and observation notes are built from these phrases, so
 * every generated text carries exactly the themes of its phrases), rubric
 * criteria and next steps.
 */
#include "demo_text.h"

#include "demo_internal.h"

const char *const dm_subject_code[DM_SUBJECTS] = {"MATH", "LANG", "SCI"};
const char *const dm_subject_name[DM_SUBJECTS] = {"Mathematics", "Language",
                                                  "Science"};
const char *const dm_window_code[DM_WINDOWS] = {"BASE", "MID", "SUM"};
const char *const dm_band_name[DM_BANDS] = {"below basic", "basic",
                                            "proficient", "advanced"};

const char *const dm_given_f[] = {
    "Aarti",   "Anjali",  "Ayesha", "Bhavna", "Deepa", "Divya",
    "Fatima",  "Gita",    "Hema",   "Isha",   "Jyoti", "Kavita",
    "Kiran",   "Lakshmi", "Meena",  "Neha",   "Nisha", "Pooja",
    "Priya",   "Rani",    "Rekha",  "Ritu",   "Sana",  "Seema",
    "Shalini", "Sita",    "Sunita", "Tara",   "Usha",  "Zara"};
const char *const dm_given_m[] = {
    "Aarav",  "Abdul", "Ajay",   "Amit",   "Anil",   "Arjun",
    "Deepak", "Dev",   "Farhan", "Ganesh", "Harsh",  "Imran",
    "Karan",  "Manoj", "Mohan",  "Naveen", "Pankaj", "Rahul",
    "Raj",    "Ravi",  "Rohit",  "Sachin", "Salim",  "Sanjay",
    "Suresh", "Tarun", "Vijay",  "Vikram", "Yash",   "Zubair"};
const char *const dm_family[] = {
    "Ahmed",  "Bano",   "Chauhan", "Das",    "Devi",      "Gupta",
    "Jha",    "Khan",   "Kumar",   "Kumari", "Mandal",    "Mishra",
    "Nishad", "Pandey", "Paswan",  "Patel",  "Prasad",    "Rai",
    "Ram",    "Rawat",  "Sahu",    "Singh",  "Sinha",     "Tiwari",
    "Verma",  "Yadav",  "Ansari",  "Bharti", "Chaudhary", "Manjhi"};
const int dm_ngiven = 30, dm_nfamily = 30;

const char *const dm_language[] = {"Hindi", "Bhojpuri", "Urdu", "Maithili",
                                   "English"};
const char *const dm_category[] = {"GEN", "OBC", "SC", "ST"};
const char *const dm_transport[] = {"walk", "bicycle", "bus"};
const char *const dm_management[] = {"Government", "Government-aided",
                                     "Private unaided"};

const char *const dm_strand[DM_SUBJECTS][DM_STRANDS] = {
    {"Number", "Geometry", "Measurement", "Data handling"},
    {"Listening and speaking", "Reading", "Writing", "Grammar and vocabulary"},
    {"Living world", "Materials", "Physical world", "Earth and environment"},
};

/* Verb phrases per subject; LO l of grade g reads "<verb> (grade g, <strand>)".
 */
const char *const dm_lo_text[DM_SUBJECTS][DM_LOS] = {
    {"reads, writes and compares numbers", "adds and subtracts with regrouping",
     "multiplies and divides", "uses fractions and decimals",
     "identifies and draws shapes", "uses symmetry and angles",
     "measures length, weight and capacity",
     "solves problems with money and time", "reads and draws tables and graphs",
     "finds patterns and rules"},
    {"listens and retells a story", "speaks about familiar topics",
     "reads aloud with fluency", "reads and answers questions on a passage",
     "infers meaning from context", "writes a paragraph with correct spelling",
     "writes a letter or application", "uses tenses and agreement",
     "uses new words in sentences", "summarises a text"},
    {"classifies plants and animals", "explains food chains and habitats",
     "describes the human body and health", "sorts materials by properties",
     "explains changes of state", "describes force and motion",
     "explains light, sound and electricity",
     "describes weather and water cycle", "explains soil, rocks and resources",
     "plans a simple investigation"},
};

const dm_theme_def dm_themes[DM_NTHEMES] = {
    {"facilities", "Facilities and infrastructure",
     "toilet,water,electricity,building,classroom,furniture"},
    {"teaching", "Quality of teaching",
     "explains,explained,clear,teaching,lesson"},
    {"safety", "Safety and bullying", "safe,bullying,bullied,fight,unsafe"},
    {"homework", "Homework and practice", "homework,practice,worksheet"},
    {"engagement", "Engagement and participation",
     "interesting,participate,participation,group work,activity"},
    {"feedback", "Feedback and assessment",
     "feedback,marks,corrected,progress"},
    {"parents", "Communication with parents",
     "meeting,parents,informed,message"},
    {"workload", "Workload and paperwork",
     "workload,paperwork,data entry,duties"},
    {"differentiation", "Meeting different needs",
     "struggling,remedial,level,differentiated,support"},
    {"meal", "Mid-day meal", "meal,food,lunch"},
};

/* Phrases per theme: [theme][audience: 0 student, 1 parent, 2 staff,
 * 3 observation note]. Each contains one of the theme's keywords. */
const char *const dm_phrases[DM_NTHEMES][4][3] = {
    {{"the toilet is often locked",
      "there is no drinking water near our classroom",
      "our classroom has no furniture"},
     {"the toilet for girls needs repair",
      "there is no electricity in the afternoon",
      "the building leaks in the rains"},
     {"we need one more classroom", "electricity is cut during lessons",
      "the water tank is not cleaned"},
     {"the classroom was too dark for reading",
      "furniture did not allow group seating",
      "no water was available during the lesson"}},
    {{"our teacher explains very well", "lessons are clear and easy to follow",
      "I like the science teaching"},
     {"the teacher explains patiently", "my child says lessons are clear",
      "good teaching in mathematics"},
     {"we share teaching ideas", "lesson planning time helps",
      "peer teaching visits were useful"},
     {"the teacher explained the concept clearly",
      "the lesson had a clear objective",
      "teaching moved from concrete to abstract"}},
    {{"older boys fight near the gate", "I feel safe in school",
      "some children are bullied at lunch"},
     {"my daughter feels safe", "the road to school is unsafe",
      "bullying should be stopped"},
     {"the school is safe for children",
      "fights in the playground need attention",
      "bullying cases are handled quickly"},
     {"the teacher stopped a fight calmly", "students felt safe to answer",
      "the teacher addressed bullying in class"}},
    {{"we get too much homework", "homework helps me practice",
      "I like the worksheet on Fridays"},
     {"homework is checked regularly", "more practice at home is needed",
      "worksheets come home every week"},
     {"homework is hard to check for large classes",
      "practice sheets help weak readers", "worksheets need printing money"},
     {"homework from yesterday was reviewed", "students did practice in pairs",
      "the worksheet matched the objective"}},
    {{"lessons are interesting", "I like group work",
      "I want to participate more"},
     {"my son finds school interesting", "children participate in activities",
      "more activity based learning please"},
     {"students participate eagerly", "group work improves participation",
      "activity corners are popular"},
     {"most students participated", "group work was well organised",
      "the activity kept everyone interested"}},
    {{"the teacher corrected my notebook", "I know my marks and progress",
      "feedback helps me improve"},
     {"we rarely hear about progress", "marks are shared on time",
      "feedback from teachers is helpful"},
     {"we give feedback after each test", "progress charts help planning",
      "marks entry takes time"},
     {"feedback was specific and timely", "notebooks were corrected in class",
      "the teacher checked progress of each group"}},
    {{"my parents come to the meeting", "the school sends a message home",
      "parents are informed about tests"},
     {"parents meeting was useful", "we are informed about attendance",
      "messages from school are regular"},
     {"parents rarely come to meetings", "parents are informed by phone",
      "message groups help with parents"},
     {"the teacher mentioned the next parents meeting",
      "a message to parents was planned",
      "parents will be informed of progress"}},
    {{"teachers are busy with paperwork", "teachers have many duties",
      "class was stopped for data entry"},
     {"teachers have too many duties", "paperwork takes teachers away",
      "the teacher was on election duties"},
     {"the workload is heavy", "too much paperwork and data entry",
      "non-teaching duties take our time"},
     {"paperwork interrupted the lesson",
      "the teacher left for data entry duties",
      "workload limited preparation"}},
    {{"remedial classes helped me", "I am struggling in mathematics",
      "the teacher gives extra support"},
     {"my child is struggling with reading", "remedial classes are needed",
      "support for slow learners is good"},
     {"remedial groups by level work well", "struggling readers need more time",
      "differentiated tasks are hard to plan"},
     {"tasks were differentiated by level",
      "struggling students got extra support", "remedial grouping was used"}},
    {{"the mid-day meal is tasty", "lunch is served late",
      "food quality has improved"},
     {"the meal is nutritious", "food is not enough",
      "lunch is served on time"},
     {"meal duty takes teaching time", "food supplies arrive late",
      "lunch distribution is smooth"},
     {"the lesson ended early for the meal", "lunch break cut the lesson short",
      "food distribution interrupted class"}},
};

const char *const dm_criteria[DM_NCRITERIA] = {
    "planning", "questioning", "feedback", "climate", "differentiation"};

const char *const dm_next_steps[] = {
    "use exit tickets to check understanding",
    "plan group tasks by level",
    "ask more open questions",
    "give written feedback in notebooks",
    "use local materials for concrete examples",
    "visit a peer teacher's classroom",
    "track progress of struggling students weekly",
    "start the lesson with a short recap",
};
const int dm_nnext_steps = 8;

const dm_question dm_questions[3][DM_NQUESTIONS] = {
    {{"likert", "I feel safe at school"},
     {"likert", "My teachers explain things clearly"},
     {"likert", "I get help when I am stuck"},
     {"likert", "I enjoy coming to school"},
     {"likert", "I know how to improve my work"},
     {"text", "What would make school better for you?"}},
    {{"likert", "My child is safe at school"},
     {"likert", "I am informed about my child's progress"},
     {"likert", "The school welcomes parents"},
     {"likert", "My child is learning well"},
     {"likert", "Homework is useful"},
     {"text", "What should the school do differently?"}},
    {{"likert", "I have what I need to teach well"},
     {"likert", "The school leadership supports my teaching"},
     {"likert", "Professional development is useful"},
     {"likert", "Data on student learning helps my planning"},
     {"likert", "My workload is manageable"},
     {"text", "What is your biggest challenge this year?"}},
};
