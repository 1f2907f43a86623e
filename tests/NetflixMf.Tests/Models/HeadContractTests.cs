using NetflixMf.Models;
using NetflixMf.Training;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NetflixMf.Tests.Models;

/// <summary>The richer head contract: own tables, ids, a penalty, reserved names, disposal, hooks.</summary>
[Collection(TorchCollection.Name)]
public sealed class HeadContractTests
{
    private static readonly SyntheticRatings Data = SyntheticRatings.Create();

    public static TheoryData<string> BuiltInHeads => new() { "dot", "mlp", "neumf" };

    [Theory]
    [MemberData(nameof(BuiltInHeads))]
    public void CreateAndDispose_BuiltInHead_LeavesNoLiveTensors(string name)
    {
        var factory = name switch
        {
            "dot" => HeadFactory.DotProduct,
            "mlp" => HeadFactory.Mlp(),
            _ => HeadFactory.NeuMf(),
        };
        var context = new HeadContext(8) { UserCount = 30, MovieCount = 20 };
        long before = Tensor.TotalCount;
        List<(long In, long Out, bool Bias)> layers;
        using (var head = factory.CreateHead(context))
        {
            _ = head.Tables.Select(head.TableTensor).ToList();
            head.StartAsDotProduct();
            layers = [.. head.modules().OfType<Linear>().Select(l => (l.in_features, l.out_features, l.bias is not null))];
        }
        long headLeft = Tensor.TotalCount - before;

        // TorchSharp's Linear constructor itself leaves initialization wrappers to the finalizer: measure the same
        // layers built alone, so only what the head adds (views, its own tables) can make the counts differ.
        before = Tensor.TotalCount;
        foreach (var (inputs, outputs, bias) in layers) nn.Linear(inputs, outputs, bias).Dispose();
        long layersLeft = Tensor.TotalCount - before;
        headLeft.Should().Be(layersLeft, "a head must free every tensor it makes (views, its own tables) on Dispose");
    }

    private static TrainerOptions Quick(HeadFactory head) => TrainerOptions.ForCustomHead(head) with
    {
        EmbeddingDimension = 8,
        Epochs = 4,
        BatchSize = 256,
        LearningRate = 0.02f,
        EarlyStopping = null,
        Threads = 1,
    };

    [Fact]
    public void SaveLoad_HeadTables_RoundTripBitExact()
    {
        using var model = new FactorizationTrainer(Quick(OffsetHead.Factory)).Train(Data.Train).Model;
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        using var loaded = FactorizationModel.Load(stream, OffsetHead.Factory);

        var saved = model.Head.state_dict();
        var restored = loaded.Head.state_dict();
        saved.Keys.Should().Contain(["user_offset", "movie_offset"]);
        foreach (var (name, tensor) in saved)
        {
            restored[name].bytes.ToArray().Should().Equal(tensor.bytes.ToArray(), $"head tensor {name} must load bit for bit");
        }
        // The table was trained: it moved away from its initialization in the rows the data touches.
        saved["user_offset"].abs().max().item<float>().Should().BeGreaterThan(0.011f);
        var user = Data.Set.Users.GetId(0);
        var movie = Data.Set.Movies.GetId(0);
        loaded.Predict(user, movie).Should().Be(model.Predict(user, movie));
    }

    [Fact]
    public void Fit_HeadPenalty_PullsItsParameterDown()
    {
        float Scale(float penalty)
        {
            var factory = HeadFactory.Create($"scaled-{penalty}", _ => new ScaledDotHead(penalty));
            using var model = new FactorizationTrainer(Quick(factory) with { HeadWeightDecay = 0 }).Train(Data.Train).Model;
            return ((ScaledDotHead)model.Head).ScaleValue;
        }

        float free = Scale(0);
        float penalised = Scale(50);
        free.Should().BeGreaterThan(0.5f);
        penalised.Should().BeLessThan(free * 0.5f);
    }

    [Fact]
    public void Fit_HeadWeightDecay_ShrinksHeadWeights()
    {
        double Norm(float decay)
        {
            var options = TrainerOptions.ForMlpHead(new MlpHeadOptions { HiddenLayers = [16] }) with
            {
                EmbeddingDimension = 8,
                Epochs = 3,
                BatchSize = 256,
                EarlyStopping = null,
                HeadWeightDecay = decay,
                Threads = 1,
            };
            using var model = new FactorizationTrainer(options).Train(Data.Train).Model;
            return model.Head.parameters().Sum(p => p.square().sum().item<float>());
        }

        Norm(10f).Should().BeLessThan(Norm(0f) * 0.9);
    }

    [Fact]
    public void Fit_ExplodingLearningRate_ThrowsDivergedAndReturnsNothing()
    {
        var options = TrainerOptions.ForMlpHead() with { LearningRate = 100f, EmbeddingDimension = 8, Epochs = 3, Threads = 1 };
        var act = () => new FactorizationTrainer(options).Train(Data.Train).Model;
        act.Should().Throw<TrainingDivergedException>().Where(e => e.Epoch >= 1 && e.LearningRate == 100f);
    }

    [Fact]
    public void Fit_HeadSeesBatchIds()
    {
        using var model = new FactorizationTrainer(Quick(OffsetHead.Factory)).Train(Data.Train).Model;
        ((OffsetHead)model.Head).LargestUserIndexSeen.Should().BeInRange(1, Data.Set.Users.Count - 1);
    }

    [Theory]
    [InlineData("dot")]
    [InlineData("MLP")]
    [InlineData("neumf")]
    [InlineData("mlp(64,32;dropout=0)")]
    [InlineData("neumf(32;64,32)")]
    public void Create_BuiltInName_ThrowsUpFront(string name)
    {
        var act = () => HeadFactory.Create(name, context => new OffsetHead(context));
        act.Should().Throw<ArgumentException>().WithMessage("*reserved*built-in*");
    }

    [Fact]
    public void Constructor_OnlyHeadSet_SwitchesToCustomHeadPreset()
    {
        var trainer = new FactorizationTrainer(new TrainerOptions { Head = OffsetHead.Factory });
        trainer.Options.Should().Be(TrainerOptions.ForCustomHead(OffsetHead.Factory));
        trainer.Options.EarlyStopping.Should().NotBeNull();
        trainer.Options.Optimizer.Should().Be(OptimizerKind.Adam);
        new FactorizationTrainer(new TrainerOptions { Head = OffsetHead.Factory, Epochs = 3 }).Options.Optimizer.Should().Be(OptimizerKind.Sgd);
    }

    [Fact]
    public void Dispose_Head_DisposesItsSubModules()
    {
        var head = HeadFactory.Mlp().CreateHead(new HeadContext(8));
        var weights = head.parameters().ToList();
        head.Dispose();
        weights.Should().OnlyContain(w => w.IsInvalid);
    }

    [Fact]
    public void Predict_HeadCalledThroughCall_ForwardHooksRun()
    {
        using var model = new FactorizationTrainer(Quick(HeadFactory.Mlp(new MlpHeadOptions { HiddenLayers = [8] })) with { Epochs = 1 }).Train(Data.Train).Model;
        int calls = 0;
        var hook = model.Head.register_forward_hook((_, _, _, output) => { calls++; return output; });
        model.Predict(Data.Set.Users.GetId(0), Data.Set.Movies.GetId(0));
        hook.remove();
        calls.Should().Be(1);
    }

    /// <summary>A dot product plus per-user and per-movie learned offsets from the head's own tables.</summary>
    private sealed class OffsetHead : FactorizationHead
    {
        public OffsetHead(HeadContext context) : base(nameof(OffsetHead), context)
        {
            AddUserTable("user_offset", 1);
            AddMovieTable("movie_offset", 1);
            RegisterComponents();
        }

        public static HeadFactory Factory { get; } = HeadFactory.Create("offset", context => new OffsetHead(context));

        public long LargestUserIndexSeen { get; private set; }

        public override Tensor forward(Tensor userEmbeddings, Tensor movieEmbeddings)
        {
            LargestUserIndexSeen = Math.Max(LargestUserIndexSeen, UserIndices.max().item<long>());
            using var scope = NewDisposeScope();
            var dot = userEmbeddings.mul(movieEmbeddings).sum(1);
            return dot.add(UserRows("user_offset").squeeze(1)).add_(MovieRows("movie_offset").squeeze(1)).MoveToOuterDisposeScope();
        }
    }

    /// <summary>s * (p . q) with a learned scalar s and the penalty weight * B * s^2.</summary>
    private sealed class ScaledDotHead : FactorizationHead
    {
        [ComponentName(Name = "scale")]
        private readonly Parameter _scale;
        private readonly float _penalty;
        private long _batch;

        public ScaledDotHead(float penalty) : base(nameof(ScaledDotHead))
        {
            _scale = nn.Parameter(ones(1));
            _penalty = penalty;
            RegisterComponents();
        }

        public float ScaleValue => _scale.item<float>();

        public override Tensor forward(Tensor userEmbeddings, Tensor movieEmbeddings)
        {
            _batch = userEmbeddings.shape[0];
            using var scope = NewDisposeScope();
            return userEmbeddings.mul(movieEmbeddings).sum(1).mul(_scale).MoveToOuterDisposeScope();
        }

        public override Tensor? Penalty() => _penalty == 0 ? null : _scale.square().sum().mul(_penalty * _batch);
    }
}
