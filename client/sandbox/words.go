package sandbox

// country is what the generator knows about one EU/EFTA country: enough to
// make a company look like it belongs there.
type country struct {
	code   string
	weight int // relative share of customers
	// forms are legal forms; a form listed twice is twice as likely.
	forms      []string
	cities     []city
	postal     string // pattern: '#' digit, '@' capital letter, other runes literal
	streets    []string
	surnames   []string
	firstNames []string
	trades     []string
	tld        string
	culture    string
	phone      string // country calling code
}

// city is a city with the leading part of its postal codes, which replaces
// the start of the country's pattern.
type city struct {
	name, postal string
}

var germanTrades = []string{
	"Maschinenbau", "Logistik", "Elektrotechnik", "Bau", "Steuerberatung", "Immobilien",
	"Medizintechnik", "Systemhaus", "Metallbau", "Haustechnik", "Druck", "Spedition",
	"Kunststofftechnik", "Automation", "Beratung", "Software", "Energietechnik", "Verpackung",
	"Anlagenbau", "Feinmechanik", "Holzbau", "Lebensmittel", "Pharma", "Textil",
	"Gebäudeservice", "Sanitär", "Versicherungsmakler", "Consulting", "Datentechnik", "Handel",
	"Optik", "Elektronik", "Vertrieb", "Werkzeugbau", "Umwelttechnik", "Kältetechnik",
}

var germanSurnames = []string{
	"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
	"Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
	"Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann",
	"Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid",
	"Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
	"Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung",
	"Hahn", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler",
	"Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Ludwig", "Gruber",
}

var germanFirstNames = []string{
	"Anna", "Lukas", "Julia", "Maximilian", "Laura", "Felix", "Sophie", "Jonas",
	"Katharina", "Tobias", "Lena", "Florian", "Sarah", "Stefan", "Miriam", "Andreas",
	"Claudia", "Matthias", "Sabine", "Thomas", "Petra", "Michael", "Carina", "Jan",
}

var germanStreets = []string{
	"Hauptstraße", "Bahnhofstraße", "Industriestraße", "Gartenstraße", "Schillerstraße",
	"Goethestraße", "Lindenallee", "Am Marktplatz", "Gewerbepark", "Mühlenweg", "Kirchgasse",
	"Friedrichstraße", "Ringstraße", "Hafenstraße", "Im Technologiepark",
}

// coinedHeads and coinedTails make brand-like first words ("Nordtec",
// "Alpdata") that are common in every country.
var coinedHeads = []string{
	"Nord", "Alp", "Rhein", "Isar", "Elb", "Main", "Donau", "Hanse", "Baltic", "Inno",
	"Pro", "Sol", "Terra", "Aqua", "Vita", "Lumen", "Nova", "Opti", "Quanta", "Cyber",
	"Logi", "Medi", "Agri", "Stern", "Blau", "Grün", "Silber", "Eichen", "Falken", "Adler",
	"Euro", "Trans", "Inter", "Multi", "Primo", "Zenit", "Orbit", "Delta", "Sigma", "Kappa",
}

var coinedTails = []string{
	"tec", "tronic", "soft", "net", "data", "plan", "werk", "logic", "med", "con",
	"sys", "line", "form", "vision", "point", "com", "tex", "mark", "nova", "flow",
}

var countries = []country{
	{
		code: "DE", weight: 55,
		forms: []string{"GmbH", "GmbH", "GmbH", "GmbH", "GmbH", "GmbH", "AG", "SE", "KG", "GmbH & Co. KG", "GmbH & Co. KG"},
		cities: []city{
			{"Berlin", "10"}, {"Hamburg", "20"}, {"München", "80"}, {"Köln", "50"}, {"Frankfurt am Main", "60"},
			{"Stuttgart", "70"}, {"Düsseldorf", "40"}, {"Leipzig", "04"}, {"Dortmund", "44"}, {"Essen", "45"},
			{"Bremen", "28"}, {"Dresden", "01"}, {"Hannover", "30"}, {"Nürnberg", "90"}, {"Bielefeld", "33"},
			{"Mannheim", "68"}, {"Karlsruhe", "76"}, {"Augsburg", "86"}, {"Freiburg im Breisgau", "79"}, {"Kiel", "24"},
			{"Magdeburg", "39"}, {"Erfurt", "99"}, {"Rostock", "18"}, {"Regensburg", "93"}, {"Ulm", "89"},
		},
		postal: "#####", streets: germanStreets, surnames: germanSurnames, firstNames: germanFirstNames,
		trades: germanTrades, tld: "de", culture: "de-DE", phone: "+49",
	},
	{
		code: "AT", weight: 12,
		forms: []string{"GmbH", "GmbH", "GmbH", "GmbH", "AG", "GmbH & Co KG", "KG"},
		cities: []city{
			{"Wien", "1"}, {"Graz", "80"}, {"Linz", "40"}, {"Salzburg", "50"}, {"Innsbruck", "60"},
			{"Klagenfurt am Wörthersee", "90"}, {"Villach", "95"}, {"Wels", "46"}, {"St. Pölten", "31"}, {"Dornbirn", "68"},
		},
		postal: "####", streets: []string{"Hauptplatz", "Landstraße", "Mariahilfer Straße", "Bahnhofstraße", "Gewerbestraße", "Kirchengasse", "Industriezeile"},
		surnames:   []string{"Gruber", "Huber", "Bauer", "Wagner", "Müller", "Pichler", "Steiner", "Moser", "Mayer", "Hofer", "Leitner", "Berger", "Fuchs", "Eder", "Fischer", "Schmid", "Winkler", "Weber", "Schwarz", "Maier", "Reiter", "Egger", "Brunner", "Lang"},
		firstNames: []string{"Lukas", "Anna", "Tobias", "Hannah", "Florian", "Lena", "Markus", "Theresa", "Bernhard", "Magdalena"},
		trades:     germanTrades, tld: "at", culture: "de-AT", phone: "+43",
	},
	{
		code: "CH", weight: 12,
		forms: []string{"AG", "AG", "AG", "GmbH", "GmbH", "SA"},
		cities: []city{
			{"Zürich", "80"}, {"Genève", "12"}, {"Basel", "40"}, {"Lausanne", "10"}, {"Bern", "30"},
			{"Winterthur", "84"}, {"Luzern", "60"}, {"St. Gallen", "90"}, {"Lugano", "69"}, {"Zug", "63"},
		},
		postal: "####", streets: []string{"Bahnhofstrasse", "Seestrasse", "Hauptstrasse", "Dorfstrasse", "Industriestrasse", "Rue du Rhône", "Via Nassa"},
		surnames:   []string{"Müller", "Meier", "Schmid", "Keller", "Weber", "Huber", "Meyer", "Schneider", "Steiner", "Fischer", "Gerber", "Brunner", "Baumann", "Frei", "Zimmermann", "Moser", "Widmer", "Wyss", "Graf", "Roth", "Favre", "Rochat", "Bianchi", "Rossi"},
		firstNames: []string{"Luca", "Laura", "Noah", "Mia", "Reto", "Andrea", "Urs", "Claudia", "Beat", "Nicole"},
		trades:     []string{"Treuhand", "Informatik", "Maschinenbau", "Logistik", "Uhren", "Präzisionstechnik", "Immobilien", "Beratung", "Bau", "Elektro", "Medtech", "Software", "Handel", "Pharma"},
		tld:        "ch", culture: "de-CH", phone: "+41",
	},
	{
		code: "FR", weight: 3,
		forms:  []string{"SARL", "SAS", "SAS", "SA"},
		cities: []city{{"Paris", "75"}, {"Lyon", "69"}, {"Marseille", "13"}, {"Strasbourg", "67"}, {"Toulouse", "31"}, {"Lille", "59"}, {"Nantes", "44"}, {"Bordeaux", "33"}},
		postal: "#####", streets: []string{"rue de la République", "avenue Jean Jaurès", "boulevard Victor Hugo", "rue du Commerce", "rue Pasteur"},
		surnames:   []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garnier", "Rousseau"},
		firstNames: []string{"Camille", "Louis", "Chloé", "Hugo", "Léa", "Julien", "Manon", "Nicolas"},
		trades:     []string{"Informatique", "Conseil", "Logistique", "Solutions", "Services", "Industrie", "Transports", "Ingénierie", "Bâtiment", "Distribution"},
		tld:        "fr", culture: "fr-FR", phone: "+33",
	},
	{
		code: "NL", weight: 3,
		forms:  []string{"B.V.", "B.V.", "B.V.", "N.V."},
		cities: []city{{"Amsterdam", "10"}, {"Rotterdam", "30"}, {"Den Haag", "25"}, {"Utrecht", "35"}, {"Eindhoven", "56"}, {"Groningen", "97"}, {"Maastricht", "62"}},
		postal: "#### @@", streets: []string{"Keizersgracht", "Stationsplein", "Kerkstraat", "Industrieweg", "Marktplein"},
		surnames:   []string{"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos"},
		firstNames: []string{"Daan", "Emma", "Sem", "Julia", "Lars", "Sanne", "Bram", "Fleur"},
		trades:     []string{"Techniek", "Automatisering", "Groep", "Logistiek", "Advies", "Installatietechniek", "Bouw", "ICT"},
		tld:        "nl", culture: "nl-NL", phone: "+31",
	},
	{
		code: "BE", weight: 2,
		forms:  []string{"BV", "BV", "SA", "NV"},
		cities: []city{{"Bruxelles", "10"}, {"Antwerpen", "20"}, {"Gent", "90"}, {"Liège", "40"}, {"Brugge", "80"}, {"Leuven", "30"}},
		postal: "####", streets: []string{"Rue Neuve", "Meir", "Grote Markt", "Avenue Louise", "Kerkstraat"},
		surnames:   []string{"Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Dubois", "Lambert", "Dupont", "Wouters"},
		firstNames: []string{"Lotte", "Arthur", "Louise", "Noah", "Elise", "Lucas"},
		trades:     []string{"Solutions", "Logistics", "Consult", "Techniek", "Services", "Engineering", "ICT"},
		tld:        "be", culture: "nl-BE", phone: "+32",
	},
	{
		code: "IT", weight: 2,
		forms:  []string{"S.r.l.", "S.r.l.", "S.p.A."},
		cities: []city{{"Milano", "201"}, {"Roma", "001"}, {"Torino", "101"}, {"Bolzano", "391"}, {"Bologna", "401"}, {"Verona", "371"}},
		postal: "#####", streets: []string{"Via Roma", "Corso Italia", "Via Garibaldi", "Piazza del Duomo", "Via Dante"},
		surnames:   []string{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo"},
		firstNames: []string{"Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro"},
		trades:     []string{"Informatica", "Servizi", "Meccanica", "Logistica", "Consulenza", "Impianti", "Costruzioni", "Tecnologie"},
		tld:        "it", culture: "it-IT", phone: "+39",
	},
	{
		code: "ES", weight: 1,
		forms:  []string{"S.L.", "S.L.", "S.A."},
		cities: []city{{"Madrid", "280"}, {"Barcelona", "080"}, {"Valencia", "460"}, {"Sevilla", "410"}, {"Bilbao", "480"}},
		postal: "#####", streets: []string{"Calle Mayor", "Gran Vía", "Avenida de la Constitución", "Paseo de Gracia"},
		surnames:   []string{"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz"},
		firstNames: []string{"Lucía", "Hugo", "María", "Pablo", "Carmen", "Javier"},
		trades:     []string{"Soluciones", "Consultoría", "Logística", "Ingeniería", "Servicios", "Informática"},
		tld:        "es", culture: "es-ES", phone: "+34",
	},
	{
		code: "PL", weight: 2,
		forms:  []string{"Sp. z o.o."},
		cities: []city{{"Warszawa", "00"}, {"Kraków", "30"}, {"Wrocław", "50"}, {"Poznań", "60"}, {"Gdańsk", "80"}, {"Szczecin", "70"}},
		postal: "##-###", streets: []string{"ul. Marszałkowska", "ul. Długa", "ul. Piotrkowska", "ul. Floriańska", "al. Jerozolimskie"},
		surnames:   []string{"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak"},
		firstNames: []string{"Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Paweł"},
		trades:     []string{"Systemy", "Logistyka", "Technologie", "Budownictwo", "Doradztwo", "Informatyka"},
		tld:        "pl", culture: "pl-PL", phone: "+48",
	},
	{
		code: "SE", weight: 1,
		forms:  []string{"AB"},
		cities: []city{{"Stockholm", "11"}, {"Göteborg", "41"}, {"Malmö", "21"}, {"Uppsala", "75"}, {"Linköping", "58"}},
		postal: "### ##", streets: []string{"Drottninggatan", "Storgatan", "Kungsgatan", "Industrivägen"},
		surnames:   []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson"},
		firstNames: []string{"Elsa", "Oscar", "Maja", "William", "Ebba", "Erik"},
		trades:     []string{"Data", "Konsult", "Teknik", "Bygg", "Logistik", "System"},
		tld:        "se", culture: "sv-SE", phone: "+46",
	},
	{
		code: "DK", weight: 1,
		forms:  []string{"ApS", "ApS", "A/S"},
		cities: []city{{"København", "1"}, {"Aarhus", "80"}, {"Odense", "50"}, {"Aalborg", "90"}},
		postal: "####", streets: []string{"Strøget", "Vestergade", "Østergade", "Havnegade"},
		surnames:   []string{"Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen"},
		firstNames: []string{"Freja", "William", "Ida", "Noah", "Emma", "Magnus"},
		trades:     []string{"Data", "Rådgivning", "Teknik", "Byg", "Logistik", "IT"},
		tld:        "dk", culture: "da-DK", phone: "+45",
	},
	{
		code: "NO", weight: 1,
		forms:  []string{"AS"},
		cities: []city{{"Oslo", "01"}, {"Bergen", "50"}, {"Trondheim", "70"}, {"Stavanger", "40"}},
		postal: "####", streets: []string{"Karl Johans gate", "Storgata", "Kongens gate", "Bryggen"},
		surnames:   []string{"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Berg"},
		firstNames: []string{"Nora", "Jakob", "Emma", "Filip", "Ingrid", "Henrik"},
		trades:     []string{"Data", "Rådgivning", "Teknikk", "Bygg", "Logistikk", "Energi"},
		tld:        "no", culture: "nb-NO", phone: "+47",
	},
	{
		code: "FI", weight: 1,
		forms:  []string{"Oy"},
		cities: []city{{"Helsinki", "00"}, {"Espoo", "02"}, {"Tampere", "33"}, {"Turku", "20"}, {"Oulu", "90"}},
		postal: "#####", streets: []string{"Mannerheimintie", "Aleksanterinkatu", "Hämeenkatu", "Teollisuuskatu"},
		surnames:   []string{"Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen"},
		firstNames: []string{"Aino", "Eino", "Helmi", "Väinö", "Sofia", "Leo"},
		trades:     []string{"Data", "Konsultointi", "Tekniikka", "Rakennus", "Logistiikka", "Systems"},
		tld:        "fi", culture: "fi-FI", phone: "+358",
	},
	{
		code: "IE", weight: 1,
		forms:  []string{"Ltd"},
		cities: []city{{"Dublin", "D02"}, {"Cork", "T12"}, {"Galway", "H91"}, {"Limerick", "V94"}},
		postal: "### @###", streets: []string{"Grafton Street", "O'Connell Street", "Main Street", "Harbour Road"},
		surnames:   []string{"Murphy", "Kelly", "O'Sullivan", "Walsh", "Smith", "O'Brien", "Byrne", "Ryan", "O'Connor"},
		firstNames: []string{"Aoife", "Conor", "Niamh", "Seán", "Ciara", "Liam"},
		trades:     []string{"Solutions", "Consulting", "Technologies", "Logistics", "Engineering", "Software"},
		tld:        "ie", culture: "en-IE", phone: "+353",
	},
	{
		code: "LU", weight: 1,
		forms:  []string{"S.à r.l.", "S.à r.l.", "S.A."},
		cities: []city{{"Luxembourg", "L-1"}, {"Esch-sur-Alzette", "L-4"}, {"Differdange", "L-4"}, {"Ettelbruck", "L-9"}},
		postal: "L-####", streets: []string{"Grand-Rue", "Boulevard Royal", "Avenue de la Liberté", "Rue de l'Alzette"},
		surnames:   []string{"Schmit", "Muller", "Weber", "Wagner", "Hoffmann", "Thill", "Schiltz", "Reuter", "Kremer"},
		firstNames: []string{"Emma", "Gabriel", "Lara", "Luc", "Mia", "Tom"},
		trades:     []string{"Solutions", "Fiduciaire", "Conseil", "Informatique", "Logistique", "Finance"},
		tld:        "lu", culture: "fr-LU", phone: "+352",
	},
	{
		code: "LI", weight: 1,
		forms:  []string{"AG", "AG", "Anstalt"},
		cities: []city{{"Vaduz", "949"}, {"Schaan", "949"}, {"Balzers", "949"}, {"Triesen", "949"}},
		postal: "####", streets: []string{"Städtle", "Landstrasse", "Austrasse", "Feldkircher Strasse"},
		surnames:   []string{"Büchel", "Frick", "Marxer", "Kaiser", "Meier", "Oehri", "Beck", "Hasler", "Wohlwend"},
		firstNames: []string{"Lea", "Elias", "Nina", "Simon", "Julia", "David"},
		trades:     []string{"Treuhand", "Vermögensverwaltung", "Präzisionstechnik", "Beratung", "Informatik"},
		tld:        "li", culture: "de-LI", phone: "+423",
	},
	{
		code: "IS", weight: 1,
		forms:  []string{"ehf."},
		cities: []city{{"Reykjavík", "10"}, {"Kópavogur", "20"}, {"Akureyri", "60"}, {"Hafnarfjörður", "22"}},
		postal: "###", streets: []string{"Laugavegur", "Skólavörðustígur", "Borgartún", "Hafnarstræti"},
		surnames:   []string{"Jónsson", "Sigurðsson", "Guðmundsson", "Gunnarsson", "Ólafsdóttir", "Magnúsdóttir", "Einarsson", "Kristjánsson"},
		firstNames: []string{"Guðrún", "Jón", "Anna", "Sigurður", "Kristín", "Ólafur"},
		trades:     []string{"Tækni", "Ráðgjöf", "Hugbúnaður", "Flutningar", "Verkfræði"},
		tld:        "is", culture: "is-IS", phone: "+354",
	},
	{
		code: "PT", weight: 1,
		forms:  []string{"Lda.", "Lda.", "S.A."},
		cities: []city{{"Lisboa", "1"}, {"Porto", "40"}, {"Braga", "47"}, {"Coimbra", "30"}, {"Faro", "80"}},
		postal: "####-###", streets: []string{"Avenida da Liberdade", "Rua Augusta", "Rua de Santa Catarina", "Praça do Comércio"},
		surnames:   []string{"Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa"},
		firstNames: []string{"Maria", "João", "Beatriz", "Tiago", "Inês", "Rui"},
		trades:     []string{"Soluções", "Informática", "Consultoria", "Logística", "Engenharia", "Serviços"},
		tld:        "pt", culture: "pt-PT", phone: "+351",
	},
}

// countryWeights is the running total of countries' weights, for picking.
var countryWeights = func() []int {
	w := make([]int, len(countries))
	sum := 0
	for i, c := range countries {
		sum += c.weight
		w[i] = sum
	}
	return w
}()

// hostileInserts are what a hostile or compromised tenant admin could put
// into a company name: each would do something to a terminal that prints
// it raw (write the clipboard, plant a link, clear the screen, overwrite
// the line, recolour, or the same via 8-bit C1 introducers).
var hostileInserts = []string{
	"\x1b]52;c;cm0gLXJmIH4vKgo=\x07",            // OSC 52: write the clipboard
	"\x1b]8;;https://phish.example/login\x1b\\", // OSC 8: start a hyperlink
	"\x1b[2J\x1b[H",                             // CSI: clear the screen, home the cursor
	"\rPAYMENT OVERDUE – call +49 30 1234567 ",  // carriage return overwrites the line
	"\b\b\b\b",            // backspaces eat what came before
	"\x1b[31;5m",          // CSI SGR: red blinking text
	"\u009b2J",            // C1 CSI (U+009B): clear the screen
	"\u009d0;pwned\u009c", // C1 OSC (U+009D): set the window title
	"\x1b]0;Partner Center – session expired\x07", // OSC 0: set the window title
	"\x1bP+q544e\x1b\\",                           // DCS: request terminfo (answer-back)
}
