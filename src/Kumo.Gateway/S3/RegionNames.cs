using System.Text.RegularExpressions;

namespace Kumo.Gateway.S3;

/// <summary>What looks like an AWS region name: <c>us-east-1</c>, <c>eu-central-2</c>, <c>us-gov-west-1</c>.</summary>
internal static partial class RegionNames
{
    public static bool IsRegion(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z]{2}(-[a-z0-9]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
