using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kumo.Abstractions.Functions;

namespace Kumo.Invocation.Placement;

/// <summary>
/// What a sandbox is made from — the code and the settings it starts with — as one short hash. Warm sandboxes are
/// reused only for the same revision; changing tags, the description or reserved concurrency keeps them warm.
/// </summary>
internal static class SandboxRevision
{
    public static string Of(FunctionConfiguration function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var text = new StringBuilder()
            .Append(function.CodeSha256).Append('\n')
            .Append(function.Runtime).Append('\n')
            .Append(function.Handler).Append('\n')
            .Append(function.MemoryMb.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(function.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(function.EphemeralStorageMb.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (key, value) in function.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            // Length-prefixed: a value may hold any character, and no two environments may read the same.
            text.Append(key).Append('=').Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
