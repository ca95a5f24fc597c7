using System.Security.Cryptography;
using System.Text;

namespace PartnerNetwork.Core.Access;

public enum EmailLinkPurpose
{
    /// <summary>Act on one referral as the receiving organisation's staff would (no account).</summary>
    Referral,
    /// <summary>Confirm, change the capacity of, or edit one service of an organisation's listing.</summary>
    ListingVerification,
}

/// <summary>
/// A link sent by e-mail to an organisation's contact: a bearer secret, so only its SHA-256 is stored, it is scoped to
/// one referral or one service of one organisation, it expires, and it can be revoked (a new one replaces it).
/// Opening it changes nothing: the page it opens asks for a click (mail scanners open every link).
/// </summary>
public class EmailLink
{
    /// <summary>256 random bits, written as 43 URL-safe characters.</summary>
    public const int TokenBytes = 32;
    public const int HashBytes = 32;
    public const int EmailMaxLength = 254;
    public const int TokenLength = 43;

    public Guid Id { get; set; }

    public EmailLinkPurpose Purpose { get; set; }

    /// <summary>SHA-256 of the token; the token itself exists only in the e-mail.</summary>
    public byte[] TokenHash { get; set; } = [];

    /// <summary>Whose link it is: the organisation acting through it.</summary>
    public Guid OrganizationId { get; set; }

    public Guid? ReferralId { get; set; }

    public Guid? ServiceId { get; set; }

    /// <summary>The address it was sent to: actions through the link are recorded as "via link, address".</summary>
    public string Email { get; set; } = "";

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>UTC; null when the expiry follows something else (a referral link lasts until its referral closes plus a period).</summary>
    public DateTime? ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    /// <summary>Who revoked it (an agent or an admin); null for the system (a newer link replaced it).</summary>
    public Guid? RevokedById { get; set; }

    public DateTime? LastUsedAt { get; set; }

    /// <summary>A new link and the token to put in the e-mail (never stored).</summary>
    public static (EmailLink Link, string Token) Issue(
        EmailLinkPurpose purpose, Guid organizationId, string email, DateTime now, DateTime? expiresAt,
        Guid? referralId = null, Guid? serviceId = null)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));
        var link = new EmailLink
        {
            // Time-ordered ids: a job issuing thousands of links appends to the key's index instead of splitting pages
            // all over it. The prefix is no business time (CreatedAt is, from the caller's clock).
            Id = Guid.CreateVersion7(), Purpose = purpose, TokenHash = Hash(token), OrganizationId = organizationId,
            ReferralId = referralId, ServiceId = serviceId, Email = email.Trim(), CreatedAt = now, ExpiresAt = expiresAt,
        };
        return (link, token);
    }

    /// <summary>
    /// The stored form of a token, or null when the text cannot be one of ours (wrong length or alphabet), so a
    /// malformed token costs no query and is answered like an unknown one.
    /// </summary>
    public static byte[]? HashOrNull(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? Hash(token) : null;

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));

    /// <summary>Not revoked and not past its own expiry (a referral link also checks its referral's closure).</summary>
    public bool IsUsable(DateTime now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);

    public void Revoke(DateTime now, Guid? byUserId)
    {
        if (RevokedAt is not null) return;
        RevokedAt = now;
        RevokedById = byUserId;
    }

    static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
