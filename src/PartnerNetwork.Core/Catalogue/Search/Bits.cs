namespace PartnerNetwork.Core.Catalogue.Search;

/// <summary>A fixed-size bitset over index positions: filters combine with a few word-wide operations, in place.</summary>
public sealed class Bits(int length)
{
    readonly ulong[] words = new ulong[(length + 63) / 64];

    public int Length { get; } = length;

    public bool this[int i] => (words[i >> 6] & (1UL << i)) != 0;

    public void Set(int i) => words[i >> 6] |= 1UL << i;

    public void Clear() => Array.Clear(words);

    public void CopyFrom(Bits other) => other.words.CopyTo(words, 0);

    public void AndWith(Bits other)
    {
        for (var w = 0; w < words.Length; w++) words[w] &= other.words[w];
    }

    public void OrWith(Bits other)
    {
        for (var w = 0; w < words.Length; w++) words[w] |= other.words[w];
    }
}
