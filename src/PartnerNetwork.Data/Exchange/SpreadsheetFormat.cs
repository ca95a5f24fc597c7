using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Geo;

namespace PartnerNetwork.Data.Exchange;

/// <summary>One row of the directory spreadsheet: a service at a location (or a remote service), with its organisation.</summary>
public sealed record SpreadsheetRow(
    int Line, string Organization, string? OrganizationEmail, string? OrganizationPhone, string? Website,
    string Service, string? Description, IReadOnlyList<string> Needs, IReadOnlyList<string> Languages, Cost Cost,
    int? MinimumAge, int? MaximumAge, string? ReferralContact, string? ReferralEmail, string? ReferralPhone, bool AcceptsReferrals,
    string? LocationName, string? Address, string? City, string? PostalCode, double? Latitude, double? Longitude,
    IReadOnlyList<WeeklyOpening> Hours)
{
    public bool IsRemote => string.IsNullOrWhiteSpace(Address);
}

/// <summary>A problem found in a file: where (line, column), what value, and the localisation key saying why.</summary>
public sealed record ImportProblem(int Line, string Column, string Value, string MessageKey);

/// <summary>
/// The spreadsheet a coordinator's existing list can be pasted into: one row per service at a location, French headers
/// (or the English variant), needs as codes or names separated by ";", hours as "lun 09:00-17:00; mer 18:00-21:00".
/// </summary>
public static class SpreadsheetFormat
{
    public const int MaxBytes = 20 * 1024 * 1024;
    public const int MaxRows = 50_000;

    /// <summary>(key, French header, English header, required).</summary>
    public static readonly (string Key, string French, string English, bool Required)[] Columns =
    [
        ("organization", "organisme", "organization", true),
        ("organization_email", "courriel_organisme", "organization_email", false),
        ("organization_phone", "telephone_organisme", "organization_phone", false),
        ("website", "site_web", "website", false),
        ("service", "service", "service", true),
        ("description", "description", "description", false),
        ("needs", "besoins", "needs", true),
        ("languages", "langues", "languages", false),
        ("cost", "cout", "cost", false),
        ("minimum_age", "age_min", "minimum_age", false),
        ("maximum_age", "age_max", "maximum_age", false),
        ("referral_contact", "contact_orientation", "referral_contact", false),
        ("referral_email", "courriel_orientation", "referral_email", false),
        ("referral_phone", "telephone_orientation", "referral_phone", false),
        ("accepts_referrals", "accepte_orientations", "accepts_referrals", false),
        ("location_name", "lieu", "location_name", false),
        ("address", "adresse", "address", false),
        ("city", "ville", "city", false),
        ("postal_code", "code_postal", "postal_code", false),
        ("latitude", "latitude", "latitude", false),
        ("longitude", "longitude", "longitude", false),
        ("hours", "heures", "hours", false),
    ];

    static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lun"] = DayOfWeek.Monday, ["mar"] = DayOfWeek.Tuesday, ["mer"] = DayOfWeek.Wednesday, ["jeu"] = DayOfWeek.Thursday,
        ["ven"] = DayOfWeek.Friday, ["sam"] = DayOfWeek.Saturday, ["dim"] = DayOfWeek.Sunday,
        ["mon"] = DayOfWeek.Monday, ["tue"] = DayOfWeek.Tuesday, ["wed"] = DayOfWeek.Wednesday, ["thu"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["sat"] = DayOfWeek.Saturday, ["sun"] = DayOfWeek.Sunday,
    };

    static readonly string[] FrenchDays = ["dim", "lun", "mar", "mer", "jeu", "ven", "sam"];
    static readonly string[] EnglishDays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>
    /// Text from an uploaded file: UTF-8 (with or without BOM), or Windows-1252 as Excel saves "CSV" on French Windows —
    /// told apart by whether the bytes are valid UTF-8.
    /// </summary>
    public static string Decode(byte[] bytes)
    {
        var (encoding, skip) = EncodingOf(bytes);
        return encoding.GetString(bytes, skip, bytes.Length - skip);
    }

    /// <summary>
    /// How to read the bytes as text, and how many to skip first: UTF-8 after its byte-order mark, UTF-8 when every byte
    /// sequence is valid UTF-8, else Windows-1252 (Excel's "CSV" on a French Windows).
    /// </summary>
    public static (Encoding Encoding, int Skip) EncodingOf(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble)) return (Encoding.UTF8, 3);
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return (Encoding.UTF8, 0);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return (Encoding.GetEncoding(1252), 0);
    }

    /// <summary>Parses and checks a file; returns the valid rows and every problem (a file-level problem has line 0).</summary>
    public static (List<SpreadsheetRow> Rows, List<ImportProblem> Problems) Read(byte[] bytes, IReadOnlyList<NeedCategory> needs)
    {
        if (bytes.Length == 0) return ([], [new(0, "", "", "Import.EmptyFile")]);
        if (bytes.Length > MaxBytes) return ([], [new(0, "", "", "Import.TooLarge")]);
        try
        {
            return Read(Decode(bytes), needs);
        }
        catch (MaxFieldSizeException)
        {
            return ([], [new(0, "", ImportLimits.MaxCellLength.ToString(CultureInfo.InvariantCulture), "Import.CellTooLong")]);
        }
    }

    static (List<SpreadsheetRow> Rows, List<ImportProblem> Problems) Read(string text, IReadOnlyList<NeedCategory> needs)
    {
        var problems = new List<ImportProblem>();
        var rows = new List<SpreadsheetRow>();
        var delimiter = text.Split('\n', 2)[0].Count(c => c == ';') > text.Split('\n', 2)[0].Count(c => c == ',') ? ";" : ",";
        using var csv = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter, BadDataFound = null, MissingFieldFound = null, DetectColumnCountChanges = false, TrimOptions = TrimOptions.Trim,
            MaxFieldSize = ImportLimits.MaxCellLength,
        });
        if (!csv.Read() || !csv.ReadHeader()) return (rows, [new(0, "", "", "Import.NoHeader")]);
        if (csv.HeaderRecord!.Length > ImportLimits.MaxColumns)
            return (rows, [new(0, "", csv.HeaderRecord.Length.ToString(CultureInfo.InvariantCulture), "Import.TooManyColumns")]);
        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var english = header.Contains("organization");
        var index = new Dictionary<string, int>();
        foreach (var (key, french, englishName, required) in Columns)
        {
            var at = Array.IndexOf(header, english ? englishName : french);
            if (at >= 0) index[key] = at;
            else if (required) problems.Add(new(0, english ? englishName : french, "", "Import.MissingColumn"));
        }
        foreach (var unknown in header.Where(h => Columns.All(c => c.French != h && c.English != h)))
            problems.Add(new(0, unknown, "", "Import.UnknownColumn"));
        if (problems.Count > 0) return (rows, problems);

        var needByKey = new Dictionary<string, NeedCategory>(StringComparer.Ordinal);
        foreach (var need in needs)
            foreach (var name in new[] { need.Code, need.NameFr, need.NameEn })
                needByKey[TextNormalizer.Fold(name.Trim())] = need;

        while (csv.Read())
        {
            var line = csv.Parser.Row;
            if (rows.Count + problems.Select(p => p.Line).Distinct().Count() >= MaxRows)
            {
                problems.Add(new(line, "", "", "Import.TooManyRows"));
                break;
            }
            if (csv.Parser.Count > ImportLimits.MaxColumns)
                return ([], [new(0, "", csv.Parser.Count.ToString(CultureInfo.InvariantCulture), "Import.TooManyColumns")]);
            var rowProblems = new List<ImportProblem>();
            string? Cell(string key)
            {
                if (!index.TryGetValue(key, out var at)) return null;
                var value = csv.TryGetField<string>(at, out var v) ? v?.Trim() : null;
                return string.IsNullOrEmpty(value) ? null : value;
            }
            string Column(string key) => Columns.Single(c => c.Key == key) is var c ? english ? c.English : c.French : key;
            void Problem(string key, string? value, string message) => rowProblems.Add(new(line, Column(key), value ?? "", message));
            string? Text(string key, int max, bool required = false)
            {
                var value = Cell(key);
                if (value is null) { if (required) Problem(key, value, "Import.Required"); return null; }
                // A cell a spreadsheet would run as a formula is refused, not stored.
                if (value[0] is '=' or '+' or '@' or '-' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !(key.Contains("phone") && value[0] == '+'))
                { Problem(key, value, "Import.Formula"); return null; }
                if (value.Length > max) { Problem(key, value[..Math.Min(value.Length, 80)] + "…", "Import.TooLong"); return null; }
                return value;
            }
            double? Number(string key, double min, double max)
            {
                var value = Cell(key);
                if (value is null) return null;
                if (double.TryParse(value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n >= min && n <= max) return n;
                Problem(key, value, "Import.OutOfRange");
                return null;
            }

            var organization = Text("organization", Organization.NameMaxLength, required: true);
            var service = Text("service", Service.NameMaxLength, required: true);
            var organizationEmail = Text("organization_email", Organization.EmailMaxLength);
            var organizationPhone = Text("organization_phone", Organization.PhoneMaxLength);
            var website = Text("website", Organization.WebsiteMaxLength);
            var description = Text("description", Service.DescriptionMaxLength);
            var referralContact = Text("referral_contact", Service.ContactNameMaxLength);
            var referralEmail = Text("referral_email", Service.EmailMaxLength);
            var referralPhone = Text("referral_phone", Service.PhoneMaxLength);
            foreach (var (key, value) in new[] { ("organization_email", organizationEmail), ("referral_email", referralEmail) })
                if (value is not null && !System.Net.Mail.MailAddress.TryCreate(value, out _)) Problem(key, value, "Import.Email");
            foreach (var (key, value) in new[] { ("organization_phone", organizationPhone), ("referral_phone", referralPhone) })
                if (value is not null && !System.Text.RegularExpressions.Regex.IsMatch(value, Organization.PhonePattern)) Problem(key, value, "Import.Phone");

            var needList = new List<string>();
            foreach (var name in (Cell("needs") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (needByKey.TryGetValue(TextNormalizer.Fold(name), out var need)) needList.Add(need.Code);
                else Problem("needs", name, "Import.UnknownNeed");
            }
            if (Cell("needs") is null) Problem("needs", null, "Import.Required");
            var languages = (Cell("languages") ?? "fr").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.ToLowerInvariant()).ToList();
            foreach (var language in languages.Where(l => !PartnerNetwork.Core.Catalogue.Languages.Codes.Contains(l))) Problem("languages", language, "Import.UnknownLanguage");
            var costText = TextNormalizer.Fold(Cell("cost") ?? "gratuit");
            Cost? cost = costText switch { "gratuit" or "free" => Cost.Free, "faible" or "low" or "faible cout" or "low cost" => Cost.LowCost, "payant" or "fee" => Cost.Fee, _ => null };
            if (cost is null) Problem("cost", Cell("cost"), "Import.UnknownCost");
            var minimumAge = (int?)Number("minimum_age", 0, Service.MaxAge);
            var maximumAge = (int?)Number("maximum_age", 0, Service.MaxAge);
            if (minimumAge > maximumAge) Problem("maximum_age", Cell("maximum_age"), "Import.AgeRange");
            var acceptsText = TextNormalizer.Fold(Cell("accepts_referrals") ?? "oui");
            bool? accepts = acceptsText switch { "oui" or "yes" or "true" or "1" => true, "non" or "no" or "false" or "0" => false, _ => null };
            if (accepts is null) Problem("accepts_referrals", Cell("accepts_referrals"), "Import.YesNo");

            var address = Text("address", Location.AddressMaxLength);
            var city = Text("city", Location.CityMaxLength);
            var postalCode = Text("postal_code", Location.PostalCodeMaxLength + 1);
            var locationName = Text("location_name", Location.NameMaxLength);
            var latitude = Number("latitude", -90, 90);
            var longitude = Number("longitude", -180, 180);
            if (latitude is null != longitude is null) Problem(latitude is null ? "latitude" : "longitude", null, "Import.CoordinatesPair");
            else if (latitude is { } lat && longitude is { } lon && !Quebec.Contains(lat, lon)) Problem("latitude", $"{lat}, {lon}", "Import.OutsideQuebec");
            if (address is not null && (city is null || postalCode is null)) Problem(city is null ? "city" : "postal_code", null, "Import.AddressIncomplete");
            if (postalCode is not null && !System.Text.RegularExpressions.Regex.IsMatch(postalCode, Location.PostalCodePattern)) Problem("postal_code", postalCode, "Import.PostalCode");

            var hours = new List<WeeklyOpening>();
            foreach (var part in (Cell("hours") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var m = System.Text.RegularExpressions.Regex.Match(part, @"^(\p{L}{3})\.?\s+(\d{1,2})[:h](\d{2})\s*-\s*(\d{1,2})[:h](\d{2})$");
                if (!m.Success || !Days.TryGetValue(m.Groups[1].Value, out var day)
                    || !TimeOnly.TryParse($"{m.Groups[2].Value}:{m.Groups[3].Value}", CultureInfo.InvariantCulture, out var opens)
                    || !TimeOnly.TryParse($"{m.Groups[4].Value}:{m.Groups[5].Value}", CultureInfo.InvariantCulture, out var closes) || opens >= closes)
                    Problem("hours", part, "Import.Hours");
                else hours.Add(new WeeklyOpening(day, opens, closes));
            }

            if (rowProblems.Count > 0)
            {
                problems.AddRange(rowProblems);
                continue;
            }
            rows.Add(new SpreadsheetRow(line, organization!, organizationEmail, organizationPhone, website, service!, description, needList, languages, cost!.Value,
                minimumAge, maximumAge, referralContact, referralEmail, referralPhone, accepts!.Value, locationName, address, city,
                postalCode?.ToUpperInvariant(), latitude, longitude, hours));
        }
        // The same service at the same address twice in one file: the second is reported, not merged silently.
        foreach (var duplicate in rows.GroupBy(KeyOf).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)).ToList())
        {
            rows.Remove(duplicate);
            problems.Add(new(duplicate.Line, english ? "service" : "service", duplicate.Service, "Import.DuplicateRow"));
        }
        if (rows.Count == 0 && problems.Count == 0) problems.Add(new(0, "", "", "Import.NoRows"));
        return (rows, problems);
    }

    /// <summary>What makes a row the same listing on re-import: organisation, service and address, folded.</summary>
    public static (string Organization, string Service, string Address) KeyOf(SpreadsheetRow row) =>
        (Organization.NormalizeName(row.Organization), Organization.NormalizeName(row.Service), Organization.NormalizeName($"{row.Address} {row.PostalCode}"));

    /// <summary>The template or an export: a header in one language, then one row per service at a location (invariant, BOM added by the writer).</summary>
    public static string Header(bool english) => string.Join(',', Columns.Select(c => english ? c.English : c.French));

    public static string HoursText(IEnumerable<WeeklyOpening> hours, bool english) =>
        string.Join("; ", hours.OrderBy(h => h.Day == DayOfWeek.Sunday ? 7 : (int)h.Day).ThenBy(h => h.Opens)
            .Select(h => $"{(english ? EnglishDays : FrenchDays)[(int)h.Day]} {h.Opens:HH\\:mm}-{h.Closes:HH\\:mm}"));
}
