using System.Security.Cryptography;

namespace Kumo.Gateway.Lambda.FunctionUrls;

/// <summary>Makes function URL ids as Lambda's look: 32 random lowercase letters and digits, the first label of the URL's host.</summary>
internal static class FunctionUrlIds
{
    public const int Length = 32;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new id; about 165 random bits, so ids are not guessable and do not collide.</summary>
    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);
}
