/** Images and stylesheets imported by components: a path string is all a test needs. */
export default 'test-file-stub';
