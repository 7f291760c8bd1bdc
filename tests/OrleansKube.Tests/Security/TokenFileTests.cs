using OrleansKube.Api.Security;

namespace OrleansKube.Tests.Security;

public class TokenFileTests
{
    public sealed record Case(string Name, string Text, string Token, string User, string Uid, string[] Groups)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases =>
    [
        new Case("a record without groups has none", "t1,alice,1\n", "t1", "alice", "1", []),
        new Case("quoted groups split at commas", "t1,admin,2,\"system:masters,devs\"\n", "t1", "admin", "2", ["system:masters", "devs"]),
        new Case("an unquoted single group is one group", "t1,bob,3,devs", "t1", "bob", "3", ["devs"]),
        new Case("CRLF line ends and blank lines are fine", "\r\nt1,alice,1\r\n\r\nt2,bob,2\r\n", "t2", "bob", "2", []),
        new Case("doubled quotes are one quote", "t1,\"o\"\"brien\",4\n", "t1", "o\"brien", "4", []),
        new Case("a repeated token keeps its last record", "t1,alice,1\nt1,bob,2\n", "t1", "bob", "2", []),
        new Case("spaces are kept, as Go's csv keeps them", "t1, alice,1\n", "t1", " alice", "1", []),
        new Case("an empty token is skipped", ",ghost,0\nt1,alice,1\n", "t1", "alice", "1", []),
        new Case("a quoted field may hold a line end", "t1,\"a\nb\",1\n", "t1", "a\nb", "1", []),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_ValidRecords_AuthenticatesTheirUsers(Case @case)
    {
        var user = TokenFile.Parse(@case.Text, "tokens.csv").Authenticate(@case.Token);

        Assert.NotNull(user);
        Assert.Equal((@case.User, @case.Uid), (user.Name, user.Uid));
        Assert.Equal(@case.Groups, user.Groups);
    }

    [Fact]
    public void Authenticate_UnknownOrEmptyToken_IsNobody()
    {
        var tokens = TokenFile.Parse(",ghost,0\nt1,alice,1\n", "tokens.csv");

        Assert.Null(tokens.Authenticate("t2"));
        Assert.Null(tokens.Authenticate(""));
        Assert.Null(tokens.Authenticate("T1"));
    }

    [Theory]
    [InlineData("t1,alice\n", "token file 'tokens.csv' line 1: must have at least 3 columns (token, user name, user uid), found 2")]
    [InlineData("t1,alice,1\n\nt2\n", "token file 'tokens.csv' line 3: must have at least 3 columns (token, user name, user uid), found 1")]
    [InlineData("t1,al\"ice,1\n", "token file 'tokens.csv' line 1: bare \" in non-quoted-field")]
    [InlineData("t1,\"alice,1\n", "token file 'tokens.csv' line 1: extraneous or missing \" in quoted-field")]
    [InlineData("t1,\"alice\"x,1\n", "token file 'tokens.csv' line 1: extraneous or missing \" in quoted-field")]
    [InlineData("\n\n", "token file 'tokens.csv' holds no tokens: nobody could use the API")]
    public void Parse_Malformed_IsRefusedInOneLineNamingFileAndLine(string text, string message)
    {
        var error = Assert.Throws<ApiSecurityException>(() => TokenFile.Parse(text, "tokens.csv"));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("t1,alice,1\nt2,admin,2,\"devs,system:masters\"\nt3,root,3,system:masters\n", "t2")]
    [InlineData("t1,alice,1\nt2,bob,2\n", "t1")]
    public void KubeconfigToken_IsTheFirstMastersTokenElseTheFirst(string text, string token)
    {
        Assert.Equal(token, TokenFile.Parse(text, "tokens.csv").KubeconfigToken);
    }
}
