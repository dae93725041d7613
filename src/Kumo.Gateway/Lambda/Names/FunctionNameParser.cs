using System.Diagnostics.CodeAnalysis;
using Kumo.Abstractions.Functions;
using Kumo.Gateway.Lambda.Errors;

namespace Kumo.Gateway.Lambda.Names;

/// <summary>
/// Reads the function a request names, in any form Lambda accepts: <c>name</c>, <c>name:qualifier</c>, a partial
/// ARN (<c>account:function:name[:qualifier]</c>) or a full ARN
/// (<c>arn:aws:lambda:region:account:function:name[:qualifier]</c>). A name of another region or account is
/// not found here, as on Lambda.
/// </summary>
internal static class FunctionNameParser
{
    /// <summary>The unpublished version, the only one Kumo has today.</summary>
    public const string Latest = "$LATEST";

    private const int MaxNameLength = 64;
    private const int MaxQualifierLength = 128;
    private const int MaxLength = 170;

    /// <summary>
    /// Reads <paramref name="value"/> (a path segment) and the <c>Qualifier</c> query parameter, which must agree
    /// with a qualifier given in the name.
    /// </summary>
    public static bool TryParse(
        string? value,
        string? qualifier,
        PlatformRegion region,
        [NotNullWhen(true)] out FunctionReference? reference,
        [NotNullWhen(false)] out LambdaError? error)
    {
        ArgumentNullException.ThrowIfNull(region);
        reference = null;
        qualifier = string.IsNullOrEmpty(qualifier) ? null : qualifier;
        if (value is null || !TrySplit(value, out var arnRegion, out var account, out var name, out var nameQualifier))
        {
            error = Invalid(value);
            return false;
        }

        if (qualifier is not null && !IsQualifier(qualifier))
        {
            error = LambdaErrors.InvalidParameter(
                $"Value '{Shorten(qualifier)}' at 'qualifier' failed to satisfy constraint: a qualifier is 1–{MaxQualifierLength} letters, digits, '$', '-' or '_'.");
            return false;
        }

        if (qualifier is not null && nameQualifier is not null && !string.Equals(qualifier, nameQualifier, StringComparison.Ordinal))
        {
            error = LambdaErrors.InvalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
            return false;
        }

        if ((arnRegion is not null && arnRegion != region.Region) || (account is not null && account != region.AccountId))
        {
            error = LambdaErrors.FunctionNotFound(value);
            return false;
        }

        reference = new FunctionReference(name, nameQualifier ?? qualifier);
        error = null;
        return true;
    }

    /// <summary>Reads a name for an operation on the function as a whole, which takes no qualifier.</summary>
    public static bool TryParseUnqualified(
        string? value,
        PlatformRegion region,
        [NotNullWhen(true)] out string? name,
        [NotNullWhen(false)] out LambdaError? error)
    {
        name = null;
        if (!TryParse(value, qualifier: null, region, out var reference, out error))
        {
            return false;
        }

        if (reference.Qualifier is not null)
        {
            error = LambdaErrors.InvalidParameter(
                $"'{value}' names a version or alias ('{reference.Qualifier}'); this operation takes the function's unqualified name or ARN.");
            return false;
        }

        name = reference.Name;
        return true;
    }

    /// <summary>Reads a name that may be qualified, for an operation on one version: only <c>$LATEST</c> exists today.</summary>
    public static bool TryParseLatest(
        string? value,
        string? qualifier,
        PlatformRegion region,
        [NotNullWhen(true)] out string? name,
        [NotNullWhen(false)] out LambdaError? error)
    {
        name = null;
        if (!TryParse(value, qualifier, region, out var reference, out error))
        {
            return false;
        }

        if (reference.Qualifier is not (null or Latest))
        {
            error = LambdaErrors.FunctionNotFound(reference.Arn(region));
            return false;
        }

        name = reference.Name;
        return true;
    }

    private static bool TrySplit(string value, out string? region, out string? account, out string name, out string? qualifier)
    {
        region = account = qualifier = null;
        name = "";
        if (value.Length > MaxLength)
        {
            return false;
        }

        var parts = value.Split(':');
        switch (parts.Length)
        {
            case 1 or 2:
                name = parts[0];
                qualifier = parts.Length == 2 ? parts[1] : null;
                break;
            case 3 or 4 when parts[1] == "function":
                (account, name) = (parts[0], parts[2]);
                qualifier = parts.Length == 4 ? parts[3] : null;
                break;
            case 7 or 8 when parts[0] == "arn" && parts[1].StartsWith("aws", StringComparison.Ordinal) && parts[2] == "lambda" && parts[5] == "function":
                (region, account, name) = (parts[3], parts[4], parts[6]);
                qualifier = parts.Length == 8 ? parts[7] : null;
                break;
            default:
                return false;
        }

        return IsName(name) && (qualifier is null || IsQualifier(qualifier)) && (account is null || IsAccountId(account));
    }

    private static bool IsName(string name) =>
        name.Length is > 0 and <= MaxNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static bool IsQualifier(string qualifier) =>
        qualifier.Length is > 0 and <= MaxQualifierLength && qualifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '$' or '-' or '_');

    private static bool IsAccountId(string account) => account.Length == 12 && account.All(char.IsAsciiDigit);

    private static LambdaError Invalid(string? value) =>
        LambdaErrors.InvalidParameter(
            $"Value '{Shorten(value ?? "")}' at 'functionName' failed to satisfy constraint: give a function name (1–{MaxNameLength} letters, " +
            "digits, '-' or '_'), a partial ARN (123456789012:function:name) or a function ARN " +
            "(arn:aws:lambda:region:123456789012:function:name), optionally followed by ':' and a version or alias.");

    private static string Shorten(string value) => value.Length <= MaxLength ? value : value[..MaxLength] + "…";
}
