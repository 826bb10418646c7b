//! Names for the demo organisation: first and family names from many cultures, as a
//! UK and Irish employer's HR file holds them, and the e-mail addresses made from them.

#[rustfmt::skip]
pub const FIRST_NAMES: &[&str] = &[
    // British and Irish
    "Oliver", "Amelia", "Harry", "Isla", "George", "Emily", "Jack", "Sophie", "Thomas", "Charlotte",
    "James", "Eleanor", "William", "Grace", "Alfie", "Freya", "Callum", "Rhiannon", "Ewan", "Morag",
    "Siobhán", "Ciarán", "Aoife", "Niamh", "Seán", "Orla", "Declan", "Róisín", "Eoin", "Caoimhe",
    "Gareth", "Carys", "Dylan", "Bethan", "Rory", "Fiona", "Hamish", "Kirsty", "Lewis", "Catriona",
    "Hannah", "Daniel", "Rebecca", "Matthew", "Laura", "Samuel", "Claire", "Joseph", "Helen", "Peter",
    // South Asian
    "Priya", "Arjun", "Anjali", "Rohan", "Aisha", "Imran", "Sanjay", "Meera", "Vikram", "Kavita",
    "Rahul", "Deepa", "Harpreet", "Gurpreet", "Farhan", "Nadia", "Zainab", "Tariq", "Sunita", "Ravi",
    "Amrit", "Shreya", "Nikhil", "Pooja", "Hamza", "Yasmin", "Bilal", "Ayesha", "Kiran", "Sana",
    // East and South-East Asian
    "Wei", "Mei", "Jun", "Hiroshi", "Yuki", "Haruto", "Sakura", "Min-jun", "Ji-woo", "Seo-yeon",
    "Linh", "Minh", "Thanh", "Mai", "Jia", "Chen", "Xin", "Kenji", "Aiko", "Ren",
    // African and Caribbean
    "Chidi", "Ngozi", "Adebayo", "Folake", "Kwame", "Ama", "Oluwaseun", "Chiamaka", "Tendai", "Thandiwe",
    "Kofi", "Abena", "Emeka", "Zanele", "Sipho", "Nia", "Tobi", "Amara", "Jermaine", "Shanice",
    // European
    "Lukas", "Katarzyna", "Piotr", "Agnieszka", "Tomasz", "Zofia", "Mateusz", "Ewa", "Andrei", "Ioana",
    "Mihai", "Elena", "Giulia", "Marco", "Francesca", "Luca", "Sofia", "Matteo", "Chiara", "Alessandro",
    "Lucía", "Javier", "Carmen", "Pablo", "Inés", "Diego", "João", "Beatriz", "Tiago", "Mariana",
    "Chloé", "Julien", "Camille", "Antoine", "Léa", "Mathieu", "Anneke", "Jeroen", "Sven", "Ingrid",
    "Lars", "Astrid", "Mikkel", "Freja", "Jonas", "Greta", "Dimitris", "Eleni", "Nikos", "Zoë",
    // Middle Eastern and Turkish
    "Omar", "Layla", "Yusuf", "Mariam", "Karim", "Leila", "Ahmed", "Fatima", "Samir", "Noor",
    "Emre", "Elif", "Can", "Zeynep", "Dariush", "Shirin", "Avi", "Tamar", "Rami", "Dina",
    // Latin American
    "Mateo", "Valentina", "Santiago", "Camila", "Sebastián", "Gabriela", "Andrés", "Daniela", "Rafael", "Renata",
];

#[rustfmt::skip]
pub const LAST_NAMES: &[&str] = &[
    // British and Irish
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
    "Patterson", "Hughes", "Edwards", "Turner", "Harrison", "Fletcher", "Marsh", "Pickering", "Ashworth", "Holloway",
    "O'Brien", "Murphy", "Kelly", "O'Sullivan", "Byrne", "Ryan", "Walsh", "O'Connor", "McCarthy", "Gallagher",
    "Doherty", "Kennedy", "Lynch", "Quinn", "MacLeod", "Campbell", "Stewart", "Fraser", "Morrison", "Sinclair",
    "Llewellyn", "Pritchard", "Price", "Rees", "Vaughan",
    // South Asian
    "Patel", "Shah", "Sharma", "Singh", "Kaur", "Gupta", "Khan", "Ahmed", "Hussain", "Begum",
    "Chaudhry", "Malik", "Iqbal", "Rahman", "Chowdhury", "Mehta", "Desai", "Iyer", "Nair", "Reddy",
    "Kapoor", "Bhatt", "Sandhu", "Gill", "Dhillon", "Siddiqui", "Qureshi", "Joshi", "Rao", "Pillai",
    // East and South-East Asian
    "Wang", "Li", "Zhang", "Liu", "Chen", "Wong", "Lam", "Cheung", "Tanaka", "Suzuki",
    "Sato", "Watanabe", "Kim", "Park", "Lee", "Choi", "Nguyen", "Tran", "Pham", "Santos",
    // African and Caribbean
    "Okafor", "Adeyemi", "Mensah", "Boateng", "Owusu", "Okonkwo", "Adebayo", "Nwosu", "Moyo", "Dlamini",
    "Ndlovu", "Osei", "Asante", "Eze", "Campbell-Reid", "Francis", "Clarke-Bailey", "Gordon", "Grant", "Henry",
    // European
    "Kowalski", "Nowak", "Wiśniewska", "Wójcik", "Popescu", "Ionescu", "Rossi", "Bianchi", "Romano", "Ferrari",
    "García", "Fernández", "López", "Martínez", "Silva", "Pereira", "Oliveira", "Dubois", "Lefèvre", "Moreau",
    "Müller", "Schmidt", "Becker", "de Vries", "van Dijk", "Jansen", "Andersen", "Nielsen", "Larsen", "Johansson",
    "Lindqvist", "Papadopoulos", "Georgiou", "Horvat", "Novák",
    // Middle Eastern and Turkish
    "Haddad", "Khoury", "Mansour", "Nasser", "Hosseini", "Karimi", "Yilmaz", "Demir", "Kaya", "Şahin",
    "Cohen", "Levi", "Farouk", "Aziz", "Saleh",
    // Latin American
    "Rodríguez", "González", "Ramírez", "Herrera", "Castillo", "Vargas", "Mendoza", "Rojas", "Morales", "Ortiz",
    "Navarro", "Torres",
    // Further afield
    "Abebe", "Tesfaye", "Haile", "Mwangi", "Kamau", "Otieno", "Achieng", "Nakamura", "Yamamoto", "Kobayashi",
    "Ivanova", "Petrov", "Kuznetsova", "Horváth", "Szabó", "Kovač", "Dvořák", "Virtanen", "Korhonen", "Björk",
];

/// The ASCII form of a name part for an e-mail address: accents folded, anything
/// that is not a letter or digit dropped ("Siobhán" → "siobhan", "O'Brien" → "obrien").
pub fn email_part(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        let folded: &str = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => "a",
            'é' | 'è' | 'ê' | 'ë' | 'ě' => "e",
            'í' | 'ì' | 'î' | 'ï' | 'ı' => "i",
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => "o",
            'ú' | 'ù' | 'û' | 'ü' | 'ů' => "u",
            'ý' => "y",
            'ř' => "r",
            'đ' => "d",
            'ñ' | 'ń' => "n",
            'ç' | 'ć' | 'č' => "c",
            'ś' | 'š' | 'ş' => "s",
            'ź' | 'ż' | 'ž' => "z",
            'ł' => "l",
            'ğ' => "g",
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => continue,
        };
        out.push_str(folded);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_parts_fold_to_plain_ascii() {
        assert_eq!(email_part("Siobhán"), "siobhan");
        assert_eq!(email_part("O'Brien"), "obrien");
        assert_eq!(email_part("de Vries"), "devries");
        assert_eq!(email_part("Wiśniewska"), "wisniewska");
        assert_eq!(email_part("Şahin"), "sahin");
        assert_eq!(email_part("Min-jun"), "minjun");
        assert_eq!(email_part("Dvořák"), "dvorak");
    }

    #[test]
    fn every_name_gives_a_usable_address_part() {
        for n in FIRST_NAMES.iter().chain(LAST_NAMES) {
            let p = email_part(n);
            assert!(
                p.len() >= 2 && p.chars().all(|c| c.is_ascii_alphanumeric()),
                "{n} → {p}"
            );
        }
        assert!(FIRST_NAMES.len() >= 200 && LAST_NAMES.len() >= 200);
    }
}
