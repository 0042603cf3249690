# The RSpec sample: one example of each kind RSpec reports, plus hook failures.
RSpec.describe "Arithmetic" do
  it "adds" do
    expect(1 + 2).to eq(3)
  end

  it "wrong sum" do
    expect(2 + 2).to eq(5)
  end

  it "raises" do
    raise ArgumentError, "boom"
  end

  it "pending and still failing" do
    pending("not fixed yet")
    expect(2 + 2).to eq(5)
  end

  it "pending but passing" do
    pending("thought to be broken")
    expect(2 + 2).to eq(4)
  end

  it "skipped inside" do
    skip("not today")
  end

  xit "disabled with xit" do
    expect(true).to be(false)
  end

  it "without a body"

  context "with a context" do
    it "nests" do
      expect([1, 2]).to include(2)
    end
  end

  describe "a group whose before hook fails" do
    before { raise "before hook boom" }

    it "victim" do
      expect(1).to eq(1)
    end
  end
end

RSpec.describe "A group whose before(:context) hook fails" do
  before(:context) { raise "context hook boom" }

  it "first victim" do
    expect(1).to eq(1)
  end

  it "second victim" do
    expect(2).to eq(2)
  end
end

RSpec.describe "A group whose after(:context) hook fails" do
  after(:context) { raise "cleanup boom" }

  it "passes before the cleanup" do
    expect(3).to eq(3)
  end
end
