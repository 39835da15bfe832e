package main

// Names. The plain lists are ordered roughly by how common each name is in
// the UK, and pickSkewed favours the front of a list, so Smiths outnumber
// Hutchinsons as they do in real rolls.

var maleForenames = []string{
	"David", "John", "Michael", "Paul", "Andrew", "Peter", "James", "Robert",
	"Mark", "Richard", "Stephen", "Christopher", "Thomas", "William", "Daniel",
	"Matthew", "Simon", "Ian", "Alan", "Gary", "Martin", "Anthony", "Kevin",
	"Stuart", "Graham", "Neil", "Philip", "Jonathan", "Nicholas", "Adam",
	"Benjamin", "Samuel", "Joseph", "Jack", "Harry", "Oliver", "George",
	"Charlie", "Alexander", "Edward", "Henry", "Luke", "Ryan", "Liam", "Callum",
	"Jamie", "Lewis", "Ethan", "Noah", "Oscar", "Alfie", "Leo", "Archie",
	"Arthur", "Freddie", "Theo", "Mohammed", "Muhammad", "Ali", "Imran",
	"Arjun", "Rajesh", "Sanjay", "Amit", "Vikram", "Kwame", "Tunde",
	"Chukwuemeka", "Oluwaseun", "Kofi", "Connor", "Declan", "Patrick",
	"Ciaran", "Eoin", "Rhodri", "Gareth", "Dafydd", "Ieuan", "Emyr", "Huw",
	"Aled", "Iain", "Hamish", "Angus", "Fraser", "Craig", "Ross", "Euan",
	"Malcolm", "Keith", "Derek", "Colin", "Trevor", "Barry", "Roger",
	"Geoffrey", "Kenneth", "Brian", "Raymond", "Dennis", "Wei", "Jun",
	"Tomasz", "Piotr", "Marek", "Dominic", "Rory", "Toby", "Hugo", "Max",
	"Isaac", "Reuben", "Nathan", "Aaron", "Kieran", "Dean", "Wayne", "Lee",
	"Carl", "Shaun", "Darren", "Jason",
}

var femaleForenames = []string{
	"Sarah", "Susan", "Margaret", "Helen", "Elizabeth", "Mary", "Karen",
	"Julie", "Claire", "Emma", "Rachel", "Rebecca", "Laura", "Jennifer",
	"Nicola", "Joanne", "Lisa", "Amanda", "Catherine", "Katherine", "Anne",
	"Patricia", "Christine", "Jacqueline", "Deborah", "Alison", "Fiona",
	"Gillian", "Linda", "Carol", "Janet", "Pauline", "Sandra", "Jean",
	"Barbara", "Maureen", "Hannah", "Charlotte", "Sophie", "Jessica", "Lucy",
	"Amy", "Olivia", "Emily", "Isla", "Ava", "Mia", "Grace", "Freya", "Lily",
	"Ella", "Poppy", "Evie", "Ruby", "Amelia", "Isabella", "Holly", "Megan",
	"Bethan", "Cerys", "Rhiannon", "Catrin", "Nia", "Eilidh", "Morag",
	"Kirsty", "Ailsa", "Niamh", "Aoife", "Ciara", "Priya", "Anjali", "Sunita",
	"Fatima", "Aisha", "Ayesha", "Zainab", "Amina", "Ngozi", "Chioma",
	"Funmilayo", "Abena", "Mei", "Agnieszka", "Katarzyna", "Anna", "Joanna",
	"Natalie", "Samantha", "Victoria", "Georgina", "Harriet", "Imogen", "Zara",
	"Jade", "Kelly", "Stacey", "Donna", "Tracey", "Michelle", "Dawn",
}

var surnames = []string{
	"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans",
	"Wilson", "Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright",
	"Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris",
	"Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill",
	"Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison",
	"Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
	"Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly",
	"Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw",
	"Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson",
	"Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster",
	"Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt",
	"Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills",
	"Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher",
	"Stevens", "Jenkins", "Murray", "Dixon", "Harvey", "Graham", "Pearson",
	"Ahmed", "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews",
	"Stewart", "Elliott", "Reynolds", "Saunders", "Payne", "Fox", "Ford",
	"Pearce", "Day", "Brooks", "West", "Lawrence", "Cole", "Atkinson",
	"Bradley", "Spencer", "Gill", "Dawson", "Ball", "Burton", "O'Brien",
	"Watts", "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells", "Armstrong",
	"Francis", "Rees", "Hayes", "Hart", "Hudson", "Newman", "Barrett",
	"Webster", "Hunter", "Gregory", "Carr", "Lowe", "Page", "Marsh", "Riley",
	"Dunn", "Woods", "Parsons", "Berry", "Stone", "Reid", "Holland", "Hawkins",
	"Harding", "Porter", "Robertson", "Newton", "Oliver", "Reed", "Kennedy",
	"Williamson", "Bird", "Gardner", "Shah", "Dean", "Lane", "Cooke", "Bates",
	"Henderson", "Parry", "Burgess", "Bishop", "Walton", "Burns", "Nicholson",
	"Shepherd", "Ross", "Cross", "Long", "Freeman", "Warren", "Nicholls",
	"Hamilton", "Byrne", "Sutton", "McDonald", "Yates", "Hodgson", "Robson",
	"Curtis", "Hopkins", "O'Connor", "Harper", "Coleman", "Watkins", "Moss",
	"McCarthy", "Chambers", "O'Neill", "Griffin", "Sharp", "Hardy", "Wheeler",
	"Potter", "Osborne", "Johnston", "Gordon", "Doyle", "Wallace", "George",
	"Jordan", "Hutchinson", "Rowe", "Burke", "May", "Pritchard", "Gilbert",
	"Willis", "Higgins", "Read", "Miah", "Chowdhury", "Rahman", "Islam",
	"Sharma", "Kumar", "Okafor", "Okonkwo", "Adeyemi", "Mensah", "Asante",
	"Nowak", "Kowalski", "Chen", "Wang", "Li", "Zhang", "Nguyen",
	"Smith-Jones", "MacLeod", "Mackenzie", "Fraser", "ap Rhys", "van der Berg",
	"de Souza", "D'Souza", "St John", "Le Roux", "Lloyd-Davies",
}

// A nameGroup is a family of names with letters beyond ASCII. About one
// member in twenty gets a name with at least one letter from these. All of
// them are letters the pack's fonts (the Go fonts) print: Yoruba's ọ and
// Vietnamese ễ are not, so names with them are left out of clean rolls.
type nameGroup struct {
	male, female, surnames []string
}

var accentedNames = []nameGroup{
	{ // Welsh
		male:     []string{"Siôn", "Gwŷn", "Llŷr", "Dafydd", "Tomos", "Emrys", "Ieuan"},
		female:   []string{"Siân", "Gwenllïan", "Eleri", "Ffion", "Lowri", "Elin", "Mari"},
		surnames: []string{"ap Rhys", "Gwŷn", "ab Ifan", "Llywelyn", "Prŷs", "Rhys", "ap Siôn"},
	},
	{ // Irish
		male:     []string{"Seán", "Pádraig", "Ciarán", "Séamus", "Tomás", "Darragh", "Cathal"},
		female:   []string{"Órla", "Siobhán", "Róisín", "Sinéad", "Máire", "Bríd", "Caoimhe"},
		surnames: []string{"Ó Súilleabháin", "Ó Briain", "Mac Giolla Phádraig", "Ó Ceallaigh", "Ó Néill", "Murphy", "Ní Bhriain"},
	},
	{ // Scottish Gaelic
		male:     []string{"Dòmhnall", "Ruairidh", "Seumas", "Alasdair", "Iain"},
		female:   []string{"Mòrag", "Catrìona", "Ealasaid", "Seònaid", "Mairead"},
		surnames: []string{"MacDhòmhnaill", "MacLeòid", "Caimbeul", "NicLeòid", "Mac an t-Saoir"},
	},
	{ // Polish
		male:     []string{"Łukasz", "Paweł", "Wojciech", "Michał", "Bartłomiej", "Jakub", "Krzysztof"},
		female:   []string{"Małgorzata", "Bożena", "Żaneta", "Zofia", "Agnieszka", "Ewa"},
		surnames: []string{"Wójcik", "Wojciechowski", "Wiśniewski", "Dąbrowski", "Zieliński", "Woźniak", "Kamińska", "Kowalczyk"},
	},
	{ // German
		male:     []string{"Jürgen", "Jörg", "Günter", "Lukas", "Matthias"},
		female:   []string{"Käthe", "Jördis", "Brigitte", "Ursula", "Annelie"},
		surnames: []string{"Müller", "Schröder", "Schäfer", "Groß", "Weiß", "Köhler", "Krüger"},
	},
	{ // Scandinavian and Icelandic
		male:     []string{"Björn", "Øyvind", "Søren", "Håkan", "Åke", "Sigurður"},
		female:   []string{"Åsa", "Sigrún", "Ingrid", "Astrid", "Kjersti", "Björk"},
		surnames: []string{"Sørensen", "Ødegård", "Lindström", "Åberg", "Guðmundsson", "Jónsdóttir"},
	},
	{ // French
		male:     []string{"François", "Jérôme", "Théo", "Loïc", "Benoît", "Hervé"},
		female:   []string{"Chloé", "Zoë", "Hélène", "Noémie", "Amélie", "Anaïs", "Léa", "Céline"},
		surnames: []string{"Lefèvre", "Gérard", "Lemaître", "Bélanger", "Côté", "Girard"},
	},
	{ // Spanish and Portuguese
		male:     []string{"José", "Joaquín", "João", "Martín", "Ramón"},
		female:   []string{"María", "Begoña", "Inês", "Conceição", "Lucía", "Sofía"},
		surnames: []string{"Muñoz", "Peña", "Núñez", "Gonçalves", "Simões", "Fernández", "Ibáñez"},
	},
	{ // Turkish
		male:     []string{"Çağan", "Gökhan", "Özgür", "Şükrü", "Ömer"},
		female:   []string{"Özlem", "Gülşen", "Ayşe", "Şebnem", "Çiğdem"},
		surnames: []string{"Çelik", "Şahin", "Yıldız", "Öztürk", "Doğan", "Aydın"},
	},
	{ // Croatian and Serbian
		male:     []string{"Đorđe", "Dražen", "Luka", "Matija", "Nikola"},
		female:   []string{"Maša", "Ivana", "Jelena", "Mateja", "Snježana"},
		surnames: []string{"Kovačević", "Babić", "Marić", "Jurić", "Đurić", "Horvat"},
	},
	{ // Lithuanian and Latvian
		male:     []string{"Jānis", "Kęstutis", "Mantas", "Jonas", "Andris"},
		female:   []string{"Aušra", "Rūta", "Līga", "Ieva", "Dace"},
		surnames: []string{"Kazlauskas", "Jankauskienė", "Bērziņš", "Ozoliņš", "Petrauskaitė"},
	},
	{ // Czech and Hungarian
		male:     []string{"Jiří", "Tomáš", "Zoltán", "Dávid", "Ödön"},
		female:   []string{"Zsófia", "Kateřina", "Réka", "Jana", "Dóra"},
		surnames: []string{"Dvořák", "Novák", "Horváth", "Szabó", "Kovács", "Fehér", "Gál"},
	},
}

// Words for building names of houses and blocks of flats.
var houseNames = []string{
	"Rose Cottage", "The Old Rectory", "Ivy Cottage", "The Coach House",
	"Orchard House", "Meadow View", "The Barn", "Holly Cottage", "Hillcrest",
	"Woodlands", "The Old School House", "The Laurels", "Fairview",
	"The Bungalow", "Brookside", "Glenview", "The Bothy", "Bryn Awel",
	"Tŷ Newydd", "Brynteg", "Sunnyside", "The Willows", "Stable Cottage",
	"The Old Forge", "Mill House", "Keeper's Cottage",
}

var buildingNames = []string{
	"Riverside House", "Kingfisher Court", "Victoria Mansions", "The Maltings",
	"Wharf Court", "Park View", "Cathedral Heights", "Hanover Court",
	"Regent House", "Sovereign Point", "Castle Wharf", "St George's Court",
	"Albion Works", "Jubilee House", "Queen's Court", "Alexandra House",
	"Marina Heights", "Beech House", "Elmwood Court", "Station Approach",
}

var streetsEngland = []string{
	"High Street", "Station Road", "Church Street", "Church Lane",
	"Victoria Road", "Green Lane", "Manor Road", "Park Road", "Main Street",
	"Queens Road", "Queen's Road", "New Road", "Grange Road", "Kings Road",
	"Mill Lane", "The Avenue", "The Crescent", "The Green", "Alexandra Road",
	"North Street", "South Street", "West Street", "London Road",
	"Springfield Road", "York Road", "Albert Road", "Chester Road",
	"Windsor Road", "Highfield Road", "Stanley Road", "St John's Road",
	"St Mary's Road", "George Street", "Jubilee Close", "Orchard Close",
	"Meadow Way", "Beech Grove", "Elm Grove", "Oak Avenue", "Cedar Drive",
	"Willow Walk", "Rosemary Lane", "Castle Street", "Bridge Street",
	"Market Street", "Mill Road", "Westfield Road", "Kingsway", "Broadway",
	"Northgate", "Water Lane", "Chapel Street", "School Lane",
	"Wellington Road", "Nelson Street", "Hillside Road", "Richmond Road",
	"Cromwell Road", "Gladstone Street", "Princes Street", "Regent Street",
	"Marlborough Road", "Ashley Road", "Beaconsfield Road", "Abbey Road",
	"Priory Close", "Holly Bank", "Fern Hill", "Rectory Lane", "Vicarage Road",
	"Blenheim Gardens", "Belle Vue Terrace", "Summerhill Terrace",
	"Clarendon Place", "Hawthorn Rise", "Larch Court", "Foxglove Way",
	"Heather View", "Lime Tree Walk", "Woodland View", "Sycamore Drive",
	"Primrose Hill", "Lavender Close", "Sandringham Drive", "Balmoral Avenue",
	"Warwick Road", "Oxford Road", "Cambridge Street", "Trinity Road",
	"Temple Street", "Derwent Road", "Severn Road", "Thames Street",
	"Coronation Road", "Brunswick Square", "Eastgate", "Lowther Street",
	"Ladysmith Road", "Shakespeare Street", "Milton Avenue", "Tennyson Road",
}

var streetsWales = []string{
	"Heol y Frenhines", "Ffordd yr Orsaf", "Heol Eglwys", "Stryd Fawr",
	"Ffordd Penrhos", "Heol y Parc", "Lôn Las", "Maes y Coed", "Cae Bryn",
	"Tŷ Gwyn Road", "Heol y Nant", "Ffordd y Brenin", "Bryn Road",
	"Clos y Waun", "Heol Hir", "Lôn y Felin",
}

// Scottish street names common enough to be anywhere in Scotland.
var streetsScotland = []string{
	"Kirk Wynd", "Academy Street", "Burnside", "Mill Brae", "Bank Street",
	"Castle Terrace", "Links Road", "Hillhead Street", "Braeside",
	"Glebe Street", "Manse Road", "Loch Road", "Kirkgate", "Bruce Street",
	"Wallace Street", "Station Brae",
}

// Belfast streets: BT is the only Northern Irish area in postAreas.
var streetsNI = []string{
	"Lisburn Road", "Antrim Road", "Ormeau Road", "Malone Road",
	"Falls Road", "Shankill Road", "Castlereagh Street", "Newtownards Road",
	"Cregagh Road", "University Street", "Donegall Pass", "Springfield Road",
}

// Country values for UK rows, as CRMs export them.
var ukCountry = []string{"", "", "", "United Kingdom", "United Kingdom"}
