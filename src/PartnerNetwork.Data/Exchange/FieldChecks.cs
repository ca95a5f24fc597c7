using System.Globalization;
using System.Text.RegularExpressions;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Geo;

namespace PartnerNetwork.Data.Exchange;

/// <summary>
/// The one set of field checks both importers (spreadsheet and HSDS) use. A check that fails on an optional field is a
/// field warning: the record comes in without that field and the report says so. Only what leaves a record unusable
/// (no name, no need, a dangling reference…) refuses it, and each reader decides that, not these checks.
/// </summary>
public static class FieldChecks
{
    /// <summary>
    /// Text a spreadsheet would run as a formula (<c>=cmd|…</c>; a tab or carriage return first works too). Its content is
    /// never imported: on an optional field the field is dropped with a warning, on a required one (a name) the record is
    /// refused; the CSV writer neutralises it. A number ("-5") is not a formula; phone numbers ("+1 514…")
    /// go through <see cref="Phone"/>, which a formula never passes.
    /// </summary>
    public static bool IsFormula(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '@' or '-' or '\t' or '\r'
        && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    public static bool IsEmail(string value, int maxLength) =>
        value.Length <= maxLength && !IsFormula(value) && System.Net.Mail.MailAddress.TryCreate(value, out _);

    /// <summary>A web address people can open: absolute http or https.</summary>
    public static bool IsWebsite(string value, int maxLength) =>
        value.Length <= maxLength && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    /// <summary>
    /// A North American number as a family can dial it, cleaned of the quotes or spaces exports wrap it in
    /// (the official HSDS example has <c>"\"+44 1234 234567\""</c>); null when it is not one.
    /// </summary>
    public static string? Phone(string value, int maxLength)
    {
        var cleaned = value.Trim().Trim('"', '\'', ' ');
        return cleaned.Length is > 0 && cleaned.Length <= maxLength && Regex.IsMatch(cleaned, Organization.PhonePattern) ? cleaned : null;
    }

    /// <summary>A Canadian postal code, upper case as Canada Post writes it; null when it is not one.</summary>
    public static string? PostalCode(string value) =>
        value.Length <= Location.PostalCodeMaxLength + 1 && Regex.IsMatch(value, Location.PostalCodePattern) ? value.ToUpperInvariant() : null;

    /// <summary>A map position inside Quebec's bounding box (finite, valid latitude and longitude first).</summary>
    public static bool InQuebec(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude) && latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180
        && Quebec.Contains(latitude, longitude);

    public static bool IsAge(int age) => age is >= 0 and <= Service.MaxAge;

    /// <summary>
    /// The ages a record keeps: each within 0–<see cref="Service.MaxAge"/>, the two in order. A bad age is dropped alone;
    /// an inverted pair is dropped whole (which one is wrong cannot be told). The keys say what was dropped, for the report.
    /// </summary>
    public static (int? Minimum, int? Maximum, string? MinimumProblem, string? MaximumProblem) Ages(string? minimum, string? maximum)
    {
        int? Parse(string? text, out string? problem)
        {
            problem = null;
            if (text is null) return null;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var age) && IsAge(age)) return age;
            problem = "Import.OutOfRange";
            return null;
        }
        var min = Parse(minimum, out var minProblem);
        var max = Parse(maximum, out var maxProblem);
        if (min > max) return (null, null, null, "Import.AgeRange");
        return (min, max, minProblem, maxProblem);
    }

    /// <summary>
    /// What a cost text says, in French or English ("gratuit", "low cost", "Non-NHS patients are expected to pay…"):
    /// free first, then low cost, then a fee; null when it says none of these (blank means free, the usual case here).
    /// </summary>
    public static Cost? CostOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Cost.Free;
        var folded = TextNormalizer.Fold(text);
        bool Says(params string[] words) => words.Any(w => Regex.IsMatch(folded, $@"\b{w}\b"));
        if (Says("gratuit", "gratuite", "free")) return Cost.Free;
        if (Says("faible", "low", "modique")) return Cost.LowCost;
        if (Says("payant", "payante", "fee", "fees", "pay", "paid", "tarif", "frais", "cout", "cost")) return Cost.Fee;
        return null;
    }
}
