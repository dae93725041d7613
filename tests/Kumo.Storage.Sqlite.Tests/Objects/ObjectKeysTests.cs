using System.Text;
using Kumo.Storage.Sqlite.Objects;

namespace Kumo.Storage.Sqlite.Tests.Objects;

/// <summary>Key order is UTF-8 byte order, and a prefix's successor bounds exactly the keys that start with it.</summary>
public sealed class ObjectKeysTests
{
    private static int ByteOrder(string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));

    [Fact]
    public void Compare_RandomTextAcrossPlanes_AgreesWithUtf8Bytes()
    {
        var random = new Random(20261122);
        int[] alphabet = ['/', '0', 'A', 'a', 0xE4, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFF5A, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF];
        var keys = Enumerable.Range(0, 400)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 5)).Select(_ => char.ConvertFromUtf32(alphabet[random.Next(alphabet.Length)]))))
            .ToArray();

        foreach (var a in keys)
        {
            foreach (var b in keys.Take(60))
            {
                Assert.Equal(Math.Sign(ByteOrder(a, b)), Math.Sign(ObjectKeys.Compare(a, b)));
            }
        }
    }

    [Theory]
    [InlineData("a/", "a0")]
    [InlineData("abc", "abd")]
    [InlineData("\uD7FF", "\uE000")]
    [InlineData("x\uFFFF", "x\U00010000")]
    [InlineData("x\U0001F600", "x\U0001F601")]
    [InlineData("a\U0010FFFF", "b")]
    public void Successor_Prefix_IsTheNextStringPastEverythingThatStartsWithIt(string prefix, string expected)
    {
        var successor = ObjectKeys.Successor(prefix);

        Assert.Equal(expected, successor);
        Assert.True(ObjectKeys.Compare(prefix + "\U0010FFFF\U0010FFFF", successor!) < 0);
        Assert.True(ObjectKeys.Compare(prefix, successor!) < 0);
    }

    [Fact]
    public void Successor_EmptyOrAllHighest_IsNone()
    {
        Assert.Null(ObjectKeys.Successor(""));
        Assert.Null(ObjectKeys.Successor("\U0010FFFF\U0010FFFF"));
    }

    [Fact]
    public void IsWellFormed_Key_SaysWhetherUtf8HoldsItUnchanged()
    {
        // Built here, not in [InlineData]: the test runner's serialisation would replace lone surrogates.
        Assert.True(ObjectKeys.IsWellFormed("a"));
        Assert.True(ObjectKeys.IsWellFormed("😀/ä"));
        Assert.False(ObjectKeys.IsWellFormed(""));
        Assert.False(ObjectKeys.IsWellFormed(new string((char)0xD83D, 1)));
        Assert.False(ObjectKeys.IsWellFormed("x" + (char)0xDE00));
        Assert.False(ObjectKeys.IsWellFormed("😀"[1..] + "😀"[..1]));
    }
}
