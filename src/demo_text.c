/*
 * demo_text.c - the words of the demo: names, subjects, learning-outcome
 * descriptions, the codebook of themes with the phrases that express each
 * (survey free text and observation notes are built from these phrases, so
 * every generated text carries exactly the themes of its phrases), rubric
 * criteria and next steps; and the Hindi of every name the demo gives
 * (subjects, bands, languages, strands, outcomes, themes, criteria, survey
 * questions), which it writes into the label table.
 */
#include "demo_text.h"

#include "demo_internal.h"

const char *const dm_subject_code[DM_SUBJECTS] = {"MATH", "LANG", "SCI"};
const char *const dm_subject_name[DM_SUBJECTS] = {"Mathematics", "Language",
                                                  "Science"};
const char *const dm_window_code[DM_WINDOWS] = {"BASE", "MID", "SUM"};
const char *const dm_band_name[DM_BANDS] = {"below basic", "basic",
                                            "proficient", "advanced"};

/* The demo writes the Hindi name of everything it names into the label
 * table (kind, code, "hi", text): these arrays are the Hindi beside each
 * English list, in the same order. */
const char *const dm_subject_name_hi[DM_SUBJECTS] = {"गणित", "भाषा", "विज्ञान"};
const char *const dm_band_name_hi[DM_BANDS] = {"बुनियादी स्तर से नीचे",
                                               "बुनियादी स्तर", "दक्ष", "उन्नत"};

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
const char *const dm_language_hi[] = {"हिंदी", "भोजपुरी", "उर्दू", "मैथिली",
                                      "अंग्रेज़ी"};
const int dm_nlanguages = (int)(sizeof(dm_language) / sizeof(dm_language[0]));
const char *const dm_category[] = {"GEN", "OBC", "SC", "ST"};
const char *const dm_transport[] = {"walk", "bicycle", "bus"};
const char *const dm_management[] = {"Government", "Government-aided",
                                     "Private unaided"};

const char *const dm_strand[DM_SUBJECTS][DM_STRANDS] = {
    {"Number", "Geometry", "Measurement", "Data handling"},
    {"Listening and speaking", "Reading", "Writing", "Grammar and vocabulary"},
    {"Living world", "Materials", "Physical world", "Earth and environment"},
};
const char *const dm_strand_hi[DM_SUBJECTS][DM_STRANDS] = {
    {"संख्या", "ज्यामिति", "मापन", "आँकड़ों का प्रबंधन"},
    {"सुनना और बोलना", "पढ़ना", "लिखना", "व्याकरण और शब्द-भंडार"},
    {"सजीव जगत", "पदार्थ", "भौतिक जगत", "पृथ्वी और पर्यावरण"},
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
/* The outcomes in Hindi, as Indian learning-outcome documents word them
 * (what the learners do, plural). */
const char *const dm_lo_text_hi[DM_SUBJECTS][DM_LOS] = {
    {"संख्याएँ पढ़ते, लिखते और उनकी तुलना करते हैं", "हासिल और उधार के साथ जोड़ते और घटाते हैं",
     "गुणा और भाग करते हैं", "भिन्न और दशमलव का उपयोग करते हैं",
     "आकृतियाँ पहचानते और बनाते हैं", "सममिति और कोणों का उपयोग करते हैं",
     "लंबाई, भार और धारिता मापते हैं", "पैसे और समय से जुड़े प्रश्न हल करते हैं",
     "तालिकाएँ और ग्राफ़ पढ़ते और बनाते हैं", "पैटर्न और नियम खोजते हैं"},
    {"कहानी सुनकर दोबारा सुनाते हैं", "परिचित विषयों पर बोलते हैं",
     "धाराप्रवाह सस्वर पढ़ते हैं", "गद्यांश पढ़कर प्रश्नों के उत्तर देते हैं",
     "संदर्भ से अर्थ का अनुमान लगाते हैं", "सही वर्तनी के साथ अनुच्छेद लिखते हैं",
     "पत्र या प्रार्थना-पत्र लिखते हैं", "काल और लिंग-वचन का सही प्रयोग करते हैं",
     "नए शब्दों का वाक्यों में प्रयोग करते हैं", "पाठ का सारांश लिखते हैं"},
    {"पौधों और जंतुओं का वर्गीकरण करते हैं", "खाद्य शृंखला और आवास को समझाते हैं",
     "मानव शरीर और स्वास्थ्य का वर्णन करते हैं", "पदार्थों को उनके गुणों के आधार पर छाँटते हैं",
     "अवस्था परिवर्तन को समझाते हैं", "बल और गति का वर्णन करते हैं",
     "प्रकाश, ध्वनि और विद्युत को समझाते हैं", "मौसम और जल चक्र का वर्णन करते हैं",
     "मिट्टी, चट्टानों और संसाधनों को समझाते हैं", "सरल जाँच की योजना बनाते हैं"},
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
const char *const dm_theme_name_hi[DM_NTHEMES] = {
    "सुविधाएँ और बुनियादी ढाँचा",    "शिक्षण की गुणवत्ता",
    "सुरक्षा और डराना-धमकाना",     "गृहकार्य और अभ्यास",
    "रुचि और भागीदारी",           "प्रतिपुष्टि और मूल्यांकन",
    "अभिभावकों से संवाद",           "कार्यभार और कागज़ी काम",
    "अलग-अलग ज़रूरतों को पूरा करना", "मध्याह्न भोजन",
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
/* planning, questioning and feedback are criteria of the default rubric
 * too (collect_input.c): the same Hindi as its catalogue entries. */
const char *const dm_criteria_hi[DM_NCRITERIA] = {
    "पाठ योजना और उद्देश्य", "प्रश्न और चर्चा", "विद्यार्थियों को प्रतिपुष्टि",
    "कक्षा का वातावरण", "अलग-अलग ज़रूरतों के अनुसार शिक्षण"};

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
const char *const dm_questions_hi[3][DM_NQUESTIONS] = {
    {"मैं विद्यालय में सुरक्षित महसूस करता/करती हूँ", "मेरे शिक्षक बातें स्पष्ट रूप से समझाते हैं",
     "अटकने पर मुझे मदद मिलती है", "मुझे विद्यालय आना अच्छा लगता है",
     "मैं जानता/जानती हूँ कि अपना काम कैसे सुधारूँ",
     "आपके लिए विद्यालय को और अच्छा क्या बनाएगा?"},
    {"मेरा बच्चा विद्यालय में सुरक्षित है", "मुझे अपने बच्चे की प्रगति की जानकारी मिलती है",
     "विद्यालय अभिभावकों का स्वागत करता है", "मेरा बच्चा अच्छी तरह सीख रहा है",
     "गृहकार्य उपयोगी है", "विद्यालय को क्या अलग ढंग से करना चाहिए?"},
    {"अच्छी तरह पढ़ाने के लिए ज़रूरी साधन मेरे पास हैं",
     "विद्यालय नेतृत्व मेरे शिक्षण में सहयोग करता है",
     "व्यावसायिक विकास (प्रशिक्षण) उपयोगी है",
     "विद्यार्थियों के सीखने के आँकड़े मेरी योजना में मदद करते हैं",
     "मेरा कार्यभार संभालने योग्य है", "इस वर्ष आपकी सबसे बड़ी चुनौती क्या है?"},
};
