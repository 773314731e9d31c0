// Stand-in for react-devtools-core, which Ink imports but never needs in a bundle.
export default { initialize() {}, connectToDevTools() {} };
