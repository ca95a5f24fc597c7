namespace PartnerNetwork.Core.Families;

/// <summary>The individual values of a [Flags] enum such as <see cref="ContactChannels"/>, never its empty value.</summary>
public static class Flags
{
    public static IEnumerable<T> All<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => Convert.ToInt64(v) != 0);

    public static IEnumerable<T> In<T>(T value) where T : struct, Enum => All<T>().Where(v => value.HasFlag(v));
}
