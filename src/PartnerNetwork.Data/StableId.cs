using System.Security.Cryptography;
using System.Text;
using Bogus;

namespace PartnerNetwork.Data;

/// <summary>Deterministic GUIDs, so that the same seed always yields the same rows (and links survive a re-seed).</summary>
public static class StableId
{
    /// <summary>A name-based UUID (version 5 layout) for reference data with a natural key, e.g. a school's ministry code.</summary>
    public static Guid From(string kind, string naturalKey)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes($"partnernetwork:{kind}:{naturalKey}"));
        return Shape(hash[..16], version: 5);
    }

    /// <summary>A random-looking UUID (version 4 layout) drawn from a seeded generator.</summary>
    public static Guid Next(Randomizer random) => Shape(random.Bytes(16), version: 4);

    static Guid Shape(byte[] bytes, int version)
    {
        bytes[7] = (byte)((bytes[7] & 0x0F) | (version << 4));
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
