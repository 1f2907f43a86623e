using NetflixMf.Data;

namespace NetflixMf.Tests.Data;

public sealed class RatingQueriesTests
{
    private static readonly RatingSet Set = RatingSet.FromRatings(
        [(7, 100, 4f), (3, 100, 2f), (7, 200, 5f), (3, 300, 1f), (7, 300, 3f)], RatingScale.Netflix);

    [Fact]
    public void RatingSet_Enumerates_EveryRatingWithRawIds()
    {
        Set.Select(r => (r.UserId, r.MovieId, r.Value)).Should().Equal((7, 100, 4f), (3, 100, 2f), (7, 200, 5f), (3, 300, 1f), (7, 300, 3f));
        Set.Where(r => r.UserId == 7).Average(r => r.Value).Should().Be(4);
    }

    [Fact]
    public void RatingView_Enumerates_ItsPositionsInOrder()
    {
        var view = new RatingView(Set, [4, 1]);
        view.Select(r => (r.UserId, r.MovieId)).Should().Equal((7, 300), (3, 100));
    }

    [Fact]
    public void GetRatedMovieIds_SetAndView_ReturnTheUsersMovies()
    {
        Set.GetRatedMovieIds(7).Should().BeEquivalentTo([100, 200, 300]);
        new RatingView(Set, [0, 1, 3]).GetRatedMovieIds(7).Should().BeEquivalentTo([100]);
        Set.GetRatedMovieIds(42).Should().BeEmpty("an unknown user rated nothing");
    }
}
