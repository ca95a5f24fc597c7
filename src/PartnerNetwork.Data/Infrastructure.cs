namespace PartnerNetwork.Data;

/// <summary>
/// One row per background job: when it runs next and who holds it now. Instances claim a due job with a conditional
/// update (a lease), so a job due at the same time on several instances runs once.
/// </summary>
public class JobRun
{
    public const int NameMaxLength = 100;
    public const int HolderMaxLength = 100;
    public const int ErrorMaxLength = 1000;

    public string Name { get; set; } = "";

    /// <summary>UTC.</summary>
    public DateTime NextRunAt { get; set; }

    public string? LeasedBy { get; set; }

    public DateTime? LeaseUntil { get; set; }

    public DateTime? LastRunAt { get; set; }

    public string? LastError { get; set; }
}

/// <summary>
/// A signed-in session kept on the server: the cookie carries only <see cref="Key"/>, so signing out (which deletes the
/// row) or deactivating the user (which deletes all their rows) ends the session at once, even for a copied cookie.
/// </summary>
public class UserSession
{
    public const int KeyMaxLength = 64;

    public string Key { get; set; } = "";

    public Guid UserId { get; set; }

    /// <summary>The serialised authentication ticket (protected by ASP.NET Data Protection).</summary>
    public byte[] Ticket { get; set; } = [];

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }
}

/// <summary>A read key of the HSDS API. Only its SHA-256 hash is kept; the key is shown once when issued.</summary>
public class ApiKey
{
    public const int NameMaxLength = 100;
    public const int PrefixLength = 8;

    public Guid Id { get; set; }

    /// <summary>Who the key is for: "211 Grand Montréal", "Ville de Laval — carte"…</summary>
    public string Name { get; set; } = "";

    /// <summary>The key's first characters, so an admin can tell keys apart without the key.</summary>
    public string Prefix { get; set; } = "";

    public byte[] Hash { get; set; } = [];

    public Guid CreatedById { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}

/// <summary>
/// One ASP.NET Data Protection key (its XML), kept in the database so every instance pointing at it signs and reads
/// the same cookies and antiforgery tokens.
/// </summary>
public class DataProtectionKeyRow
{
    public const int NameMaxLength = 100;

    public int Id { get; set; }

    public string FriendlyName { get; set; } = "";

    public string Xml { get; set; } = "";
}
