//! The business functions of the demo company and the titles their people hold,
//! from the chief executive of the function down to a graduate.

/// A kind of team: its manager's title and the roles of the people in it.
pub type Team = (&'static str, &'static [&'static str]);

/// One business function and the titles its people hold.
pub struct FunctionSpec {
    pub name: &'static str,
    pub chief: &'static str,
    /// One director per area.
    pub areas: &'static [&'static str],
    pub managers_per_director: usize,
    /// Taken in turn by the function's managers.
    pub teams: &'static [Team],
    pub lead_title: &'static str,
}

#[rustfmt::skip]
pub const FUNCTIONS: [FunctionSpec; 8] = [
    FunctionSpec {
        name: "Finance",
        chief: "Chief Financial Officer",
        areas: &["Financial Planning & Analysis", "Financial Control"],
        managers_per_director: 3,
        teams: &[
            ("FP&A Manager", &["Financial Analyst", "Management Accountant"]),
            ("Financial Controller", &["Accountant", "Accounts Payable Specialist", "Management Accountant"]),
            ("Tax Manager", &["Tax Analyst", "Tax Accountant"]),
            ("Treasury Manager", &["Treasury Analyst", "Accountant"]),
            ("Payroll Manager", &["Payroll Specialist", "Payroll Administrator"]),
            ("Commercial Finance Manager", &["Commercial Analyst", "Financial Analyst"]),
        ],
        lead_title: "Finance Team Lead",
    },
    FunctionSpec {
        name: "Sales",
        chief: "Chief Revenue Officer",
        areas: &["UK & Ireland Sales", "Enterprise Accounts", "Partnerships"],
        managers_per_director: 2,
        teams: &[
            ("Regional Sales Manager", &["Account Executive", "Business Development Representative"]),
            ("Key Accounts Manager", &["Account Manager", "Account Executive"]),
            ("Inside Sales Manager", &["Business Development Representative", "Sales Development Representative"]),
            ("Partner Manager", &["Partner Executive", "Channel Account Manager"]),
            ("Sales Operations Manager", &["Sales Operations Analyst", "Bid Writer"]),
            ("Account Management Lead", &["Account Manager", "Customer Success Manager"]),
        ],
        lead_title: "Sales Team Lead",
    },
    FunctionSpec {
        name: "Engineering",
        chief: "Chief Technology Officer",
        areas: &["Platform Engineering", "Product Engineering", "Data & Analytics", "Infrastructure & Security"],
        managers_per_director: 3,
        teams: &[
            ("Engineering Manager", &["Software Engineer", "Frontend Engineer", "Backend Engineer"]),
            ("QA Manager", &["QA Engineer", "Test Automation Engineer"]),
            ("Data Engineering Manager", &["Data Engineer", "Data Analyst"]),
            ("Site Reliability Manager", &["Site Reliability Engineer", "Platform Engineer"]),
            ("Security Engineering Manager", &["Security Engineer", "Security Analyst"]),
            ("Engineering Manager", &["Software Engineer", "Mobile Engineer"]),
        ],
        lead_title: "Tech Lead",
    },
    FunctionSpec {
        name: "Operations",
        chief: "Chief Operating Officer",
        areas: &["Customer Operations", "Supply Chain", "Facilities & Workplace"],
        managers_per_director: 2,
        teams: &[
            ("Customer Service Manager", &["Customer Service Advisor", "Complaints Specialist"]),
            ("Logistics Manager", &["Logistics Coordinator", "Transport Planner"]),
            ("Operations Manager", &["Operations Analyst", "Quality Analyst"]),
            ("Service Delivery Manager", &["Service Delivery Coordinator", "Operations Analyst"]),
            ("Procurement Manager", &["Procurement Specialist", "Buyer"]),
            ("Workplace Manager", &["Workplace Coordinator", "Facilities Coordinator"]),
        ],
        lead_title: "Operations Team Lead",
    },
    FunctionSpec {
        name: "People",
        chief: "Chief People Officer",
        areas: &["Learning & Development", "HR Business Partnering"],
        managers_per_director: 2,
        teams: &[
            ("Learning & Development Manager", &["Learning Designer", "Learning Coordinator"]),
            ("HR Business Partner", &["HR Advisor", "People Analyst"]),
            ("Talent Acquisition Manager", &["Recruiter", "Recruitment Coordinator"]),
            ("Reward Manager", &["Reward Analyst", "HR Advisor"]),
        ],
        lead_title: "Senior HR Business Partner",
    },
    FunctionSpec {
        name: "Marketing",
        chief: "Chief Marketing Officer",
        areas: &["Brand & Communications", "Growth Marketing"],
        managers_per_director: 2,
        teams: &[
            ("Brand Manager", &["Graphic Designer", "Marketing Executive"]),
            ("Content Manager", &["Content Writer", "Communications Officer"]),
            ("Digital Marketing Manager", &["Digital Marketing Specialist", "Marketing Executive"]),
            ("Events Manager", &["Events Coordinator", "Marketing Executive"]),
        ],
        lead_title: "Marketing Team Lead",
    },
    FunctionSpec {
        name: "Legal",
        chief: "General Counsel",
        areas: &["Legal & Compliance"],
        managers_per_director: 2,
        teams: &[
            ("Head of Commercial Legal", &["Legal Counsel", "Paralegal", "Contracts Specialist"]),
            ("Compliance Manager", &["Compliance Analyst", "Data Protection Officer"]),
        ],
        lead_title: "Senior Legal Counsel",
    },
    FunctionSpec {
        name: "Product",
        chief: "Chief Product Officer",
        areas: &["Product Management", "Design & Research"],
        managers_per_director: 2,
        teams: &[
            ("Group Product Manager", &["Product Manager", "Product Analyst"]),
            ("Design Manager", &["Product Designer", "Content Designer"]),
            ("Product Operations Manager", &["Product Analyst", "Product Operations Specialist"]),
            ("Research Manager", &["User Researcher", "Research Operations Coordinator"]),
        ],
        lead_title: "Lead Product Manager",
    },
];
