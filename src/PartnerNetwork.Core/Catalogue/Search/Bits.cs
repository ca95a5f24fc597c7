namespace PartnerNetwork.Core.Catalogue.Search;

/// <summary>A fixed-size bitset over index positions: filters combine with a few word-wide ANDs.</summary>
public sealed class Bits(int length)
{
    readonly ulong[] words = new ulong[(length + 63) / 64];

    public int Length { get; } = length;

    public bool this[int i] => (words[i >> 6] & (1UL << i)) != 0;

    public void Set(int i) => words[i >> 6] |= 1UL << i;

    public Bits And(Bits other)
    {
        var result = new Bits(Length);
        for (var w = 0; w < words.Length; w++) result.words[w] = words[w] & other.words[w];
        return result;
    }

    public Bits Or(Bits other)
    {
        var result = new Bits(Length);
        for (var w = 0; w < words.Length; w++) result.words[w] = words[w] | other.words[w];
        return result;
    }
}
