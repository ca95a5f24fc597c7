using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Data.Exchange.Spreadsheet;

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
            // A field warning: the row comes in without that cell.
            void Warn(string key, string? value, string message) => rowProblems.Add(new(line, Column(key), value ?? "", message, Warning: true));
            string? Text(string key, int max, bool required = false)
            {
                var value = Cell(key);
                if (value is null) { if (required) Problem(key, value, "Import.Required"); return null; }
                // A cell a spreadsheet would run as a formula is never stored: a required one refuses the row, another is dropped.
                if (FieldChecks.IsFormula(value))
                {
                    if (required) Problem(key, value, "Import.Formula");
                    else Warn(key, value, "Import.Formula");
                    return null;
                }
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
            string? Checked(string key, string? value, Func<string, string?> check, string message)
            {
                if (value is null) return null;
                if (check(value) is { } kept) return kept;
                Warn(key, value, message);
                return null;
            }

            var organization = Text("organization", Organization.NameMaxLength, required: true);
            var service = Text("service", Service.NameMaxLength, required: true);
            // Contact fields are checked whole (length included): one that fails is dropped with a warning.
            var organizationEmail = Checked("organization_email", Cell("organization_email"), v => FieldChecks.IsEmail(v, Organization.EmailMaxLength) ? v : null, "Import.Email");
            var organizationPhone = Checked("organization_phone", Cell("organization_phone"), v => FieldChecks.Phone(v, Organization.PhoneMaxLength), "Import.Phone");
            var website = Checked("website", Cell("website"), v => FieldChecks.IsWebsite(v, Organization.WebsiteMaxLength) ? v : null, "Import.Website");
            var description = Text("description", Service.DescriptionMaxLength);
            var referralContact = Text("referral_contact", Service.ContactNameMaxLength);
            var referralEmail = Checked("referral_email", Cell("referral_email"), v => FieldChecks.IsEmail(v, Service.EmailMaxLength) ? v : null, "Import.Email");
            var referralPhone = Checked("referral_phone", Cell("referral_phone"), v => FieldChecks.Phone(v, Service.PhoneMaxLength), "Import.Phone");

            var needList = new List<string>();
            foreach (var name in (Cell("needs") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (needByKey.TryGetValue(TextNormalizer.Fold(name), out var need)) needList.Add(need.Code);
                else Problem("needs", name, "Import.UnknownNeed");
            }
            if (Cell("needs") is null) Problem("needs", null, "Import.Required");
            var languages = (Cell("languages") ?? "fr").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.ToLowerInvariant()).Distinct().ToList();
            foreach (var language in languages.Where(l => !PartnerNetwork.Core.Catalogue.Languages.IsKnown(l)).ToList())
            {
                Warn("languages", language, "Import.UnknownLanguage");
                languages.Remove(language);
            }
            if (languages.Count == 0) languages.Add("fr");
            // A cost that says neither free nor low cost is read as a fee: families are better told to ask than promised free.
            var cost = FieldChecks.CostOf(Cell("cost"));
            if (cost is null) Warn("cost", Cell("cost"), "Import.UnknownCost");
            var ages = FieldChecks.Ages(Cell("minimum_age"), Cell("maximum_age"));
            if (ages.MinimumProblem is { } minimumProblem) Warn("minimum_age", Cell("minimum_age"), minimumProblem);
            if (ages.MaximumProblem is { } maximumProblem) Warn("maximum_age", Cell("maximum_age"), maximumProblem);
            var acceptsText = TextNormalizer.Fold(Cell("accepts_referrals") ?? "oui");
            bool? accepts = acceptsText switch { "oui" or "yes" or "true" or "1" => true, "non" or "no" or "false" or "0" => false, _ => null };
            if (accepts is null) Problem("accepts_referrals", Cell("accepts_referrals"), "Import.YesNo");

            var address = Text("address", Location.AddressMaxLength);
            var city = Text("city", Location.CityMaxLength);
            var postalCode = Checked("postal_code", Cell("postal_code"), FieldChecks.PostalCode, "Import.PostalCode");
            var locationName = Text("location_name", Location.NameMaxLength);
            var latitude = Number("latitude", -90, 90);
            var longitude = Number("longitude", -180, 180);
            if (latitude is null != longitude is null) Problem(latitude is null ? "latitude" : "longitude", null, "Import.CoordinatesPair");
            else if (latitude is { } lat && longitude is { } lon && !FieldChecks.InQuebec(lat, lon))
            {
                // Outside Quebec is no position: the row comes in without one, as a row without coordinates does.
                Warn("latitude", $"{lat}, {lon}", "Import.OutsideQuebec");
                (latitude, longitude) = (null, null);
            }
            // The postal code is optional, as in HSDS: one that is not Canadian is dropped with a warning, and what an import
            // leaves out must load back from our own export.
            if (address is not null && city is null) Problem("city", null, "Import.AddressIncomplete");

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

            problems.AddRange(rowProblems);
            if (rowProblems.Any(p => !p.Warning)) continue;
            rows.Add(new SpreadsheetRow(line, organization!, organizationEmail, organizationPhone, website, service!, description, needList, languages, cost ?? Cost.Fee,
                ages.Minimum, ages.Maximum, referralContact, referralEmail, referralPhone, accepts!.Value, locationName, address, city,
                postalCode, latitude, longitude, hours));
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
