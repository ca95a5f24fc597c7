using System.Security.Cryptography;
using System.Text;

namespace PartnerNetwork.Core.Families;

/// <summary>
/// HMAC-SHA256 of a family's normalised contact under a secret key kept in configuration: equal contacts give equal
/// hashes, and a hash is useless without the key (no dictionary of phone numbers can be run against the table).
/// </summary>
public sealed class ContactMatch(byte[] key)
{
    public const int HashLength = 64;

    /// <summary>
    /// How many other families one agent may be told about in 24 hours (the "same contact" notice): enough for real
    /// work, too few to test a list of phone numbers against the other schools' families.
    /// </summary>
    public const int MatchesPerAgentPerDay = 10;

    /// <summary>Digits only, without the North American "1" prefix: "(514) 555-0100" = "1 514 555 0100" = "514.555.0100".</summary>
    public static string? NormalizePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 11 && digits[0] == '1') digits = digits[1..];
        return digits.Length >= 7 ? digits : null;
    }

    public static string? NormalizeEmail(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    public string? Phone(string? phone) => Hash("phone:", NormalizePhone(phone));

    public string? Email(string? email) => Hash("email:", NormalizeEmail(email));

    string? Hash(string kind, string? normalized) =>
        normalized is null ? null : Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(kind + normalized))).ToLowerInvariant();

    /// <summary>Sets the family's match hashes from its current contact details.</summary>
    public void Apply(Family family)
    {
        family.PhoneMatch = family.AnonymisedAt is null ? Phone(family.Phone) : null;
        family.EmailMatch = family.AnonymisedAt is null ? Email(family.Email) : null;
    }
}
