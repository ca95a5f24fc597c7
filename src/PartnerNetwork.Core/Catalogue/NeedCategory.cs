namespace PartnerNetwork.Core.Catalogue;

/// <summary>A term of the bilingual need taxonomy (HSDS taxonomy_term).</summary>
public class NeedCategory
{
    public const int CodeMaxLength = 50;
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 500;

    public Guid Id { get; set; }

    /// <summary>Stable code, e.g. "food-security"; what imports and URLs use.</summary>
    public string Code { get; set; } = "";

    public string NameFr { get; set; } = "";

    public string NameEn { get; set; } = "";

    public string DescriptionFr { get; set; } = "";

    public string DescriptionEn { get; set; } = "";

    public int SortOrder { get; set; }

    /// <summary>
    /// The most terms a taxonomy may hold: each has its own bit of a 64-bit <see cref="Referrals.Referral.NeedFlags"/>.
    /// </summary>
    public const int MaxTerms = 63;

    /// <summary>
    /// This term's bit (a power of two, unique, never reused) in <see cref="Referrals.Referral.NeedFlags"/>, so the
    /// indicators group a year of referrals on one integer instead of joining their needs.
    /// </summary>
    public long Flag { get; set; }

    public static long FlagAt(int position) =>
        position is >= 0 and < MaxTerms ? 1L << position : throw new ArgumentOutOfRangeException(nameof(position), $"A taxonomy holds at most {MaxTerms} terms.");

    public string Name(bool french) => french ? NameFr : NameEn;
}

/// <summary>
/// A term of another taxonomy (a 211 region's, AIRS codes…) that an admin maps to one of our needs, so that imported
/// services carrying it land in that need. Matched on the folded term (code or name); unmapped terms are reported.
/// </summary>
public class TaxonomyMapping
{
    public const int TermMaxLength = 200;

    public Guid Id { get; set; }

    /// <summary>The other taxonomy's code or name as it appears in files.</summary>
    public string ExternalTerm { get; set; } = "";

    /// <summary>The term folded for comparison (accents, case, spaces); unique.</summary>
    public string FoldedTerm { get; set; } = "";

    public Guid NeedCategoryId { get; set; }

    public NeedCategory? NeedCategory { get; set; }
}
