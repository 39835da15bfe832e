package main

import (
	"strconv"
	"strings"
)

// A region picks the street names an address gets.
type region int

const (
	england region = iota
	wales
	scotland
	northernIreland
)

// A postArea is a UK postcode area with the post town of the districts
// listed, a county (CRMs export it about half the time) and a few
// localities that appear as an address line.
type postArea struct {
	code       string
	town       string
	county     string
	districts  string // "1-20,22" or London's "1A,1E,2-20"
	weight     int    // roughly, population in hundreds of thousands
	region     region
	localities []string
}

// postAreas lists the areas a roll spreads over. The district lists keep to
// districts whose post town is the town given (CF31 is Bridgend, not
// Cardiff), to the best of the author's knowledge.
var postAreas = []postArea{
	{"SW", "London", "", "1A,1E,1H,1P,1V,1W,1X,1Y,2-20", 8, england, []string{"Battersea", "Clapham", "Balham", "Tooting", "Wimbledon", "Putney", "Brixton", "Pimlico"}},
	{"SE", "London", "", "1-28", 9, england, []string{"Peckham", "Lewisham", "Greenwich", "Dulwich", "Brockley", "Catford"}},
	{"N", "London", "", "1-22,1C", 6, england, []string{"Islington", "Highbury", "Tottenham", "Muswell Hill", "Crouch End"}},
	{"NW", "London", "", "1-11", 4, england, []string{"Kilburn", "Hampstead", "Camden", "Willesden"}},
	{"E", "London", "", "1-18,20,1W", 7, england, []string{"Hackney", "Bow", "Stratford", "Leyton", "Walthamstow"}},
	{"EC", "London", "", "1A,1M,1N,1R,1V,1Y,2A,2M,2N,2R,2V,2Y,3A,3M,3N,3R,3V,4A,4M,4N,4R,4V,4Y", 1, england, []string{"Clerkenwell", "Shoreditch"}},
	{"WC", "London", "", "1A,1B,1E,1H,1N,1R,1V,1X,2A,2B,2E,2H,2N,2R", 1, england, []string{"Bloomsbury", "Holborn"}},
	{"W", "London", "", "1A,1B,1C,1D,1F,1G,1H,1J,1K,1S,1T,1U,1W,2-14", 5, england, []string{"Ealing", "Chiswick", "Hammersmith", "Acton", "Notting Hill"}},
	{"B", "Birmingham", "West Midlands", "1-48", 12, england, []string{"Edgbaston", "Moseley", "Harborne", "Erdington", "Handsworth", "Kings Heath"}},
	{"M", "Manchester", "Greater Manchester", "1,2,4,8-32,34,35,38,40,41,43-46", 9, england, []string{"Didsbury", "Chorlton", "Withington", "Levenshulme", "Ancoats", "Fallowfield"}},
	{"L", "Liverpool", "Merseyside", "1-19,24,25", 6, england, []string{"Anfield", "Toxteth", "Wavertree", "Walton", "Allerton"}},
	{"LS", "Leeds", "West Yorkshire", "1-20", 7, england, []string{"Headingley", "Chapel Allerton", "Roundhay", "Armley", "Horsforth"}},
	{"S", "Sheffield", "South Yorkshire", "1-14,17,20,35", 6, england, []string{"Crookes", "Hillsborough", "Ecclesall", "Walkley"}},
	{"BS", "Bristol", "Avon", "1-16", 6, england, []string{"Clifton", "Redland", "Bedminster", "Easton", "Southville"}},
	{"NE", "Newcastle upon Tyne", "Tyne and Wear", "1-7,12,13,15", 5, england, []string{"Jesmond", "Heaton", "Gosforth", "Byker"}},
	{"NG", "Nottingham", "Nottinghamshire", "1-16", 6, england, []string{"Beeston", "Sherwood", "Mapperley", "West Bridgford"}},
	{"LE", "Leicester", "Leicestershire", "1-5", 5, england, []string{"Clarendon Park", "Belgrave", "Oadby"}},
	{"CV", "Coventry", "West Midlands", "1-6", 4, england, []string{"Earlsdon", "Tile Hill"}},
	{"CF", "Cardiff", "South Glamorgan", "3,5,10,11,14,15,23,24", 4, wales, []string{"Canton", "Roath", "Cathays", "Llandaff", "Pontcanna"}},
	{"SA", "Swansea", "West Glamorgan", "1-7", 3, wales, []string{"Sketty", "Uplands", "Mumbles"}},
	{"NP", "Newport", "Gwent", "10,11,18-20", 2, wales, []string{"Caerleon", "Malpas"}},
	{"LL", "Llandudno", "Conwy", "30", 1, wales, []string{"Craig-y-Don", "Penrhyn Bay"}},
	{"LD", "Llandrindod Wells", "Powys", "1", 1, wales, nil},
	{"BT", "Belfast", "County Antrim", "1-17", 6, northernIreland, []string{"Malone", "Stranmillis", "Ormeau", "Andersonstown"}},
	{"EH", "Edinburgh", "Midlothian", "1-17", 5, scotland, []string{"Leith", "Morningside", "Portobello", "Stockbridge", "Marchmont"}},
	{"G", "Glasgow", "Lanarkshire", "1-5,11-15,20-23,31-34,40-46,51-53", 7, scotland, []string{"Partick", "Dennistoun", "Shawlands", "Govan", "Hyndland"}},
	{"AB", "Aberdeen", "Aberdeenshire", "10-16,21-25", 3, scotland, []string{"Rosemount", "Old Aberdeen", "Torry"}},
	{"DD", "Dundee", "Angus", "1-5", 2, scotland, []string{"Broughty Ferry", "Lochee"}},
	{"IV", "Inverness", "Inverness-shire", "1-3", 1, scotland, nil},
	{"KY", "Kirkcaldy", "Fife", "1,2", 2, scotland, nil},
	{"PA", "Paisley", "Renfrewshire", "1-3", 2, scotland, nil},
	{"FK", "Falkirk", "Stirlingshire", "1,2", 2, scotland, nil},
	{"KA", "Kilmarnock", "Ayrshire", "1,3", 2, scotland, nil},
	{"DG", "Dumfries", "Dumfriesshire", "1,2", 1, scotland, nil},
	{"TD", "Galashiels", "Selkirkshire", "1", 1, scotland, nil},
	{"PH", "Perth", "Perthshire", "1,2", 1, scotland, nil},
	{"ML", "Motherwell", "Lanarkshire", "1", 2, scotland, nil},
	{"HS", "Stornoway", "Isle of Lewis", "1", 1, scotland, nil},
	{"KW", "Kirkwall", "Orkney", "15", 1, scotland, nil},
	{"ZE", "Shetland", "", "1", 1, scotland, nil},
	{"OX", "Oxford", "Oxfordshire", "1-4", 3, england, []string{"Jericho", "Headington", "Cowley", "Summertown"}},
	{"CB", "Cambridge", "Cambridgeshire", "1-5", 3, england, []string{"Chesterton", "Cherry Hinton", "Trumpington"}},
	{"BN", "Brighton", "East Sussex", "1,2,41,45", 4, england, []string{"Kemptown", "Hanover", "Preston Park"}},
	{"PO", "Portsmouth", "Hampshire", "1-6", 3, england, []string{"Southsea", "Fratton", "Cosham"}},
	{"SO", "Southampton", "Hampshire", "14-19", 3, england, []string{"Portswood", "Shirley", "Bitterne"}},
	{"RG", "Reading", "Berkshire", "1,2,4-6,30,31", 4, england, []string{"Caversham", "Tilehurst", "Earley"}},
	{"MK", "Milton Keynes", "Buckinghamshire", "1-15", 3, england, nil},
	{"NR", "Norwich", "Norfolk", "1-14", 3, england, []string{"Eaton", "Thorpe St Andrew"}},
	{"IP", "Ipswich", "Suffolk", "1-10", 3, england, nil},
	{"EX", "Exeter", "Devon", "1-6", 3, england, []string{"Heavitree", "St Thomas"}},
	{"PL", "Plymouth", "Devon", "1-9", 3, england, []string{"Mutley", "Stoke", "Plymstock"}},
	{"TR", "Truro", "Cornwall", "1-4", 2, england, nil},
	{"TQ", "Torquay", "Devon", "1,2", 1, england, nil},
	{"GL", "Gloucester", "Gloucestershire", "1-4", 3, england, nil},
	{"BA", "Bath", "Somerset", "1,2", 2, england, nil},
	{"SN", "Swindon", "Wiltshire", "1-6,25,26", 3, england, nil},
	{"SP", "Salisbury", "Wiltshire", "1,2", 1, england, nil},
	{"TA", "Taunton", "Somerset", "1,2", 1, england, nil},
	{"DT", "Dorchester", "Dorset", "1,2", 1, england, nil},
	{"BH", "Bournemouth", "Dorset", "1-11", 3, england, []string{"Boscombe", "Southbourne", "Winton"}},
	{"YO", "York", "North Yorkshire", "1,10,19,23,24,26,30-32", 3, england, []string{"Heworth", "Acomb"}},
	{"HU", "Hull", "East Yorkshire", "1-10", 3, england, nil},
	{"BD", "Bradford", "West Yorkshire", "1-15", 4, england, []string{"Manningham", "Heaton"}},
	{"HD", "Huddersfield", "West Yorkshire", "1-5,7,8", 2, england, nil},
	{"HX", "Halifax", "West Yorkshire", "1-3", 1, england, nil},
	{"WF", "Wakefield", "West Yorkshire", "1-4", 2, england, nil},
	{"DN", "Doncaster", "South Yorkshire", "1-12", 3, england, nil},
	{"DE", "Derby", "Derbyshire", "1,3,21-24,65,72-74", 4, england, []string{"Allestree", "Littleover"}},
	{"ST", "Stoke-on-Trent", "Staffordshire", "1-4,6-12", 4, england, []string{"Hanley", "Burslem", "Longton"}},
	{"WV", "Wolverhampton", "West Midlands", "1-11", 3, england, nil},
	{"WS", "Walsall", "West Midlands", "1-5", 2, england, nil},
	{"DY", "Dudley", "West Midlands", "1-3", 2, england, nil},
	{"TF", "Telford", "Shropshire", "1-7", 2, england, nil},
	{"SY", "Shrewsbury", "Shropshire", "1-5", 2, england, nil},
	{"HR", "Hereford", "Herefordshire", "1-4", 1, england, nil},
	{"WR", "Worcester", "Worcestershire", "1-5", 2, england, nil},
	{"CH", "Chester", "Cheshire", "1-4", 2, england, nil},
	{"WA", "Warrington", "Cheshire", "1-5", 2, england, nil},
	{"SK", "Stockport", "Cheshire", "1-7", 3, england, nil},
	{"OL", "Oldham", "Lancashire", "1,4,8,9", 2, england, nil},
	{"WN", "Wigan", "Lancashire", "1-6", 2, england, nil},
	{"BL", "Bolton", "Lancashire", "1-7", 2, england, nil},
	{"PR", "Preston", "Lancashire", "1-5", 3, england, nil},
	{"BB", "Blackburn", "Lancashire", "1,2", 2, england, nil},
	{"FY", "Blackpool", "Lancashire", "1-4", 2, england, nil},
	{"LA", "Lancaster", "Lancashire", "1,2", 1, england, nil},
	{"CA", "Carlisle", "Cumbria", "1-6", 2, england, nil},
	{"SR", "Sunderland", "Tyne and Wear", "1-6", 2, england, nil},
	{"TS", "Middlesbrough", "Cleveland", "1-8", 3, england, nil},
	{"DH", "Durham", "County Durham", "1,6,7", 2, england, nil},
	{"NN", "Northampton", "Northamptonshire", "1-7", 3, england, nil},
	{"PE", "Peterborough", "Cambridgeshire", "1-8", 3, england, nil},
	{"LN", "Lincoln", "Lincolnshire", "1-6", 2, england, nil},
	{"CT", "Canterbury", "Kent", "1-4", 2, england, nil},
	{"ME", "Maidstone", "Kent", "14-18", 3, england, nil},
	{"TN", "Tunbridge Wells", "Kent", "1-4", 2, england, nil},
	{"DA", "Dartford", "Kent", "1,2", 2, england, nil},
	{"BR", "Bromley", "Kent", "1,2", 2, england, nil},
	{"GU", "Guildford", "Surrey", "1-5", 3, england, nil},
	{"CR", "Croydon", "Surrey", "0,2,9", 3, england, nil},
	{"KT", "Kingston upon Thames", "Surrey", "1,2", 2, england, nil},
	{"SM", "Sutton", "Surrey", "1-3", 2, england, nil},
	{"HA", "Harrow", "Middlesex", "1-3", 2, england, nil},
	{"EN", "Enfield", "Middlesex", "1-3", 2, england, nil},
	{"TW", "Twickenham", "Middlesex", "1,2", 2, england, nil},
	{"UB", "Uxbridge", "Middlesex", "8,10", 2, england, nil},
	{"IG", "Ilford", "Essex", "1-6", 2, england, nil},
	{"RM", "Romford", "Essex", "1-7", 3, england, nil},
	{"SS", "Southend-on-Sea", "Essex", "1-3", 3, england, nil},
	{"CM", "Chelmsford", "Essex", "1-3", 2, england, nil},
	{"CO", "Colchester", "Essex", "1-7", 2, england, nil},
	{"LU", "Luton", "Bedfordshire", "1-4", 2, england, nil},
	{"AL", "St Albans", "Hertfordshire", "1-4", 2, england, nil},
	{"WD", "Watford", "Hertfordshire", "17-19,24,25", 2, england, nil},
	{"SG", "Stevenage", "Hertfordshire", "1,2", 2, england, nil},
	{"HP", "High Wycombe", "Buckinghamshire", "11-13", 2, england, nil},
	{"SL", "Slough", "Berkshire", "1-3", 2, england, nil},
}

// inwardLetters are the letters a postcode's inward code may end with.
const inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

// expandDistricts turns "1-3,5A" into ["1", "2", "3", "5A"].
func expandDistricts(spec string) []string {
	var out []string
	for _, part := range strings.Split(spec, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		if !isRange {
			out = append(out, part)
			continue
		}
		a, err1 := strconv.Atoi(lo)
		b, err2 := strconv.Atoi(hi)
		if err1 != nil || err2 != nil || a > b {
			panic("mkroll: bad district range " + part)
		}
		for d := a; d <= b; d++ {
			out = append(out, strconv.Itoa(d))
		}
	}
	return out
}

// An overseasPlace is a town abroad with its postcode and, where the
// country uses them, a state or province.
type overseasPlace struct {
	town, state, postcode string
}

// A country lists a few streets and places, and how the local postcode
// line is written ("{p} {t}": postcode then town).
type country struct {
	names   []string // spellings members use, the first most often
	streets []string
	places  []overseasPlace
	line    string // the town line as written locally, {p} {t} {s}
}

var overseas = []country{
	{[]string{"France"}, []string{"12 rue de la République", "45 boulevard Voltaire", "8 place Bellecour", "3 avenue des Champs-Élysées"},
		[]overseasPlace{{"Paris", "", "75011"}, {"Lyon", "", "69002"}, {"Marseille", "", "13001"}, {"Toulouse", "", "31000"}}, "{p} {t}"},
	{[]string{"Ireland", "Republic of Ireland"}, []string{"14 Main Street", "22 O'Connell Street Upper", "5 Patrick Street", "9 Shop Street"},
		[]overseasPlace{{"Dublin 8", "", "D08 T6X4"}, {"Cork", "", "T12 K8AF"}, {"Galway", "", "H91 E2W7"}, {"Limerick", "", "V94 X2N3"}}, "{t} {p}"},
	{[]string{"Australia"}, []string{"34 Smith Street", "12 George Street", "7 Beach Road"},
		[]overseasPlace{{"Fitzroy", "VIC", "3065"}, {"Sydney", "NSW", "2000"}, {"Brisbane", "QLD", "4000"}, {"Perth", "WA", "6000"}, {"Adelaide", "SA", "5000"}}, "{t} {s} {p}"},
	{[]string{"United States", "USA", "United States of America"}, []string{"1600 Elm Street", "221 Maple Avenue, Apt 4B", "77 Massachusetts Avenue"},
		[]overseasPlace{{"Springfield", "IL", "62704"}, {"Cambridge", "MA", "02139"}, {"Portland", "OR", "97205"}, {"Austin", "TX", "78701"}, {"New York", "NY", "10027"}}, "{t}, {s} {p}"},
	{[]string{"Germany"}, []string{"Hauptstraße 12", "Schillerstraße 5", "Müllerstraße 40"},
		[]overseasPlace{{"Berlin", "", "10115"}, {"München", "", "80331"}, {"Köln", "", "50667"}, {"Hamburg", "", "20095"}}, "{p} {t}"},
	{[]string{"Spain"}, []string{"Calle Mayor 5, 3º B", "Avenida de la Constitución 21"},
		[]overseasPlace{{"Madrid", "", "28013"}, {"Sevilla", "", "41001"}, {"Barcelona", "", "08001"}}, "{p} {t}"},
	{[]string{"Canada"}, []string{"123 Queen Street West", "45 rue Saint-Paul Est"},
		[]overseasPlace{{"Toronto", "ON", "M5H 2N2"}, {"Montréal", "QC", "H2Y 1Z8"}, {"Vancouver", "BC", "V6B 1A1"}}, "{t} {s} {p}"},
	{[]string{"Netherlands", "The Netherlands"}, []string{"Prinsengracht 263", "Oudegracht 120"},
		[]overseasPlace{{"Amsterdam", "", "1016 GV"}, {"Utrecht", "", "3511 AL"}}, "{p} {t}"},
	{[]string{"New Zealand"}, []string{"15 Queen Street", "8 Cuba Street"},
		[]overseasPlace{{"Auckland", "", "1010"}, {"Wellington", "", "6011"}}, "{t} {p}"},
	{[]string{"Norway"}, []string{"Storgata 1", "Karl Johans gate 22"},
		[]overseasPlace{{"Oslo", "", "0155"}, {"Bergen", "", "5003"}}, "{p} {t}"},
}
