// node_modules/@lit/reactive-element/css-tag.js
var e = globalThis, t = e.ShadowRoot && (e.ShadyCSS === void 0 || e.ShadyCSS.nativeShadow) && "adoptedStyleSheets" in Document.prototype && "replace" in CSSStyleSheet.prototype, n = Symbol(), r = /* @__PURE__ */ new WeakMap(), i = class {
	constructor(e, t, r) {
		if (this._$cssResult$ = !0, r !== n) throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");
		this.cssText = e, this.t = t;
	}
	get styleSheet() {
		let e = this.o, n = this.t;
		if (t && e === void 0) {
			let t = n !== void 0 && n.length === 1;
			t && (e = r.get(n)), e === void 0 && ((this.o = e = new CSSStyleSheet()).replaceSync(this.cssText), t && r.set(n, e));
		}
		return e;
	}
	toString() {
		return this.cssText;
	}
}, a = (e) => new i(typeof e == "string" ? e : e + "", void 0, n), o = (e, ...t) => new i(e.length === 1 ? e[0] : t.reduce((t, n, r) => t + ((e) => {
	if (!0 === e._$cssResult$) return e.cssText;
	if (typeof e == "number") return e;
	throw Error("Value passed to 'css' function must be a 'css' function result: " + e + ". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.");
})(n) + e[r + 1], e[0]), e, n), s = (n, r) => {
	if (t) n.adoptedStyleSheets = r.map((e) => e instanceof CSSStyleSheet ? e : e.styleSheet);
	else for (let t of r) {
		let r = document.createElement("style"), i = e.litNonce;
		i !== void 0 && r.setAttribute("nonce", i), r.textContent = t.cssText, n.appendChild(r);
	}
}, c = t ? (e) => e : (e) => e instanceof CSSStyleSheet ? ((e) => {
	let t = "";
	for (let n of e.cssRules) t += n.cssText;
	return a(t);
})(e) : e, { is: l, defineProperty: u, getOwnPropertyDescriptor: d, getOwnPropertyNames: ee, getOwnPropertySymbols: te, getPrototypeOf: ne } = Object, f = globalThis, p = f.trustedTypes, re = p ? p.emptyScript : "", ie = f.reactiveElementPolyfillSupport, m = (e, t) => e, h = {
	toAttribute(e, t) {
		switch (t) {
			case Boolean:
				e = e ? re : null;
				break;
			case Object:
			case Array: e = e == null ? e : JSON.stringify(e);
		}
		return e;
	},
	fromAttribute(e, t) {
		let n = e;
		switch (t) {
			case Boolean:
				n = e !== null;
				break;
			case Number:
				n = e === null ? null : Number(e);
				break;
			case Object:
			case Array: try {
				n = JSON.parse(e);
			} catch {
				n = null;
			}
		}
		return n;
	}
}, g = (e, t) => !l(e, t), _ = {
	attribute: !0,
	type: String,
	converter: h,
	reflect: !1,
	useDefault: !1,
	hasChanged: g
};
Symbol.metadata ??= Symbol("metadata"), f.litPropertyMetadata ??= /* @__PURE__ */ new WeakMap();
var v = class extends HTMLElement {
	static addInitializer(e) {
		this._$Ei(), (this.l ??= []).push(e);
	}
	static get observedAttributes() {
		return this.finalize(), this._$Eh && [...this._$Eh.keys()];
	}
	static createProperty(e, t = _) {
		if (t.state && (t.attribute = !1), this._$Ei(), this.prototype.hasOwnProperty(e) && ((t = Object.create(t)).wrapped = !0), this.elementProperties.set(e, t), !t.noAccessor) {
			let n = Symbol(), r = this.getPropertyDescriptor(e, n, t);
			r !== void 0 && u(this.prototype, e, r);
		}
	}
	static getPropertyDescriptor(e, t, n) {
		let { get: r, set: i } = d(this.prototype, e) ?? {
			get() {
				return this[t];
			},
			set(e) {
				this[t] = e;
			}
		};
		return {
			get: r,
			set(t) {
				let a = r?.call(this);
				i?.call(this, t), this.requestUpdate(e, a, n);
			},
			configurable: !0,
			enumerable: !0
		};
	}
	static getPropertyOptions(e) {
		return this.elementProperties.get(e) ?? _;
	}
	static _$Ei() {
		if (this.hasOwnProperty(m("elementProperties"))) return;
		let e = ne(this);
		e.finalize(), e.l !== void 0 && (this.l = [...e.l]), this.elementProperties = new Map(e.elementProperties);
	}
	static finalize() {
		if (this.hasOwnProperty(m("finalized"))) return;
		if (this.finalized = !0, this._$Ei(), this.hasOwnProperty(m("properties"))) {
			let e = this.properties, t = [...ee(e), ...te(e)];
			for (let n of t) this.createProperty(n, e[n]);
		}
		let e = this[Symbol.metadata];
		if (e !== null) {
			let t = litPropertyMetadata.get(e);
			if (t !== void 0) for (let [e, n] of t) this.elementProperties.set(e, n);
		}
		this._$Eh = /* @__PURE__ */ new Map();
		for (let [e, t] of this.elementProperties) {
			let n = this._$Eu(e, t);
			n !== void 0 && this._$Eh.set(n, e);
		}
		this.elementStyles = this.finalizeStyles(this.styles);
	}
	static finalizeStyles(e) {
		let t = [];
		if (Array.isArray(e)) {
			let n = new Set(e.flat(1 / 0).reverse());
			for (let e of n) t.unshift(c(e));
		} else e !== void 0 && t.push(c(e));
		return t;
	}
	static _$Eu(e, t) {
		let n = t.attribute;
		return !1 === n ? void 0 : typeof n == "string" ? n : typeof e == "string" ? e.toLowerCase() : void 0;
	}
	constructor() {
		super(), this._$Ep = void 0, this.isUpdatePending = !1, this.hasUpdated = !1, this._$Em = null, this._$Ev();
	}
	_$Ev() {
		this._$ES = new Promise((e) => this.enableUpdating = e), this._$AL = /* @__PURE__ */ new Map(), this._$E_(), this.requestUpdate(), this.constructor.l?.forEach((e) => e(this));
	}
	addController(e) {
		(this._$EO ??= /* @__PURE__ */ new Set()).add(e), this.renderRoot !== void 0 && this.isConnected && e.hostConnected?.();
	}
	removeController(e) {
		this._$EO?.delete(e);
	}
	_$E_() {
		let e = /* @__PURE__ */ new Map(), t = this.constructor.elementProperties;
		for (let n of t.keys()) this.hasOwnProperty(n) && (e.set(n, this[n]), delete this[n]);
		e.size > 0 && (this._$Ep = e);
	}
	createRenderRoot() {
		let e = this.shadowRoot ?? this.attachShadow(this.constructor.shadowRootOptions);
		return s(e, this.constructor.elementStyles), e;
	}
	connectedCallback() {
		this.renderRoot ??= this.createRenderRoot(), this.enableUpdating(!0), this._$EO?.forEach((e) => e.hostConnected?.());
	}
	enableUpdating(e) {}
	disconnectedCallback() {
		this._$EO?.forEach((e) => e.hostDisconnected?.());
	}
	attributeChangedCallback(e, t, n) {
		this._$AK(e, n);
	}
	_$ET(e, t) {
		let n = this.constructor.elementProperties.get(e), r = this.constructor._$Eu(e, n);
		if (r !== void 0 && !0 === n.reflect) {
			let i = (n.converter?.toAttribute === void 0 ? h : n.converter).toAttribute(t, n.type);
			this._$Em = e, i == null ? this.removeAttribute(r) : this.setAttribute(r, i), this._$Em = null;
		}
	}
	_$AK(e, t) {
		let n = this.constructor, r = n._$Eh.get(e);
		if (r !== void 0 && this._$Em !== r) {
			let e = n.getPropertyOptions(r), i = typeof e.converter == "function" ? { fromAttribute: e.converter } : e.converter?.fromAttribute === void 0 ? h : e.converter;
			this._$Em = r;
			let a = i.fromAttribute(t, e.type);
			this[r] = a ?? this._$Ej?.get(r) ?? a, this._$Em = null;
		}
	}
	requestUpdate(e, t, n, r = !1, i) {
		if (e !== void 0) {
			let a = this.constructor;
			if (!1 === r && (i = this[e]), n ??= a.getPropertyOptions(e), !((n.hasChanged ?? g)(i, t) || n.useDefault && n.reflect && i === this._$Ej?.get(e) && !this.hasAttribute(a._$Eu(e, n)))) return;
			this.C(e, t, n);
		}
		!1 === this.isUpdatePending && (this._$ES = this._$EP());
	}
	C(e, t, { useDefault: n, reflect: r, wrapped: i }, a) {
		n && !(this._$Ej ??= /* @__PURE__ */ new Map()).has(e) && (this._$Ej.set(e, a ?? t ?? this[e]), !0 !== i || a !== void 0) || (this._$AL.has(e) || (this.hasUpdated || n || (t = void 0), this._$AL.set(e, t)), !0 === r && this._$Em !== e && (this._$Eq ??= /* @__PURE__ */ new Set()).add(e));
	}
	async _$EP() {
		this.isUpdatePending = !0;
		try {
			await this._$ES;
		} catch (e) {
			Promise.reject(e);
		}
		let e = this.scheduleUpdate();
		return e != null && await e, !this.isUpdatePending;
	}
	scheduleUpdate() {
		return this.performUpdate();
	}
	performUpdate() {
		if (!this.isUpdatePending) return;
		if (!this.hasUpdated) {
			if (this.renderRoot ??= this.createRenderRoot(), this._$Ep) {
				for (let [e, t] of this._$Ep) this[e] = t;
				this._$Ep = void 0;
			}
			let e = this.constructor.elementProperties;
			if (e.size > 0) for (let [t, n] of e) {
				let { wrapped: e } = n, r = this[t];
				!0 !== e || this._$AL.has(t) || r === void 0 || this.C(t, void 0, n, r);
			}
		}
		let e = !1, t = this._$AL;
		try {
			e = this.shouldUpdate(t), e ? (this.willUpdate(t), this._$EO?.forEach((e) => e.hostUpdate?.()), this.update(t)) : this._$EM();
		} catch (t) {
			throw e = !1, this._$EM(), t;
		}
		e && this._$AE(t);
	}
	willUpdate(e) {}
	_$AE(e) {
		this._$EO?.forEach((e) => e.hostUpdated?.()), this.hasUpdated || (this.hasUpdated = !0, this.firstUpdated(e)), this.updated(e);
	}
	_$EM() {
		this._$AL = /* @__PURE__ */ new Map(), this.isUpdatePending = !1;
	}
	get updateComplete() {
		return this.getUpdateComplete();
	}
	getUpdateComplete() {
		return this._$ES;
	}
	shouldUpdate(e) {
		return !0;
	}
	update(e) {
		this._$Eq &&= this._$Eq.forEach((e) => this._$ET(e, this[e])), this._$EM();
	}
	updated(e) {}
	firstUpdated(e) {}
};
v.elementStyles = [], v.shadowRootOptions = { mode: "open" }, v[m("elementProperties")] = /* @__PURE__ */ new Map(), v[m("finalized")] = /* @__PURE__ */ new Map(), ie?.({ ReactiveElement: v }), (f.reactiveElementVersions ??= []).push("2.1.2");
// node_modules/lit-html/lit-html.js
var y = globalThis, ae = (e) => e, b = y.trustedTypes, x = b ? b.createPolicy("lit-html", { createHTML: (e) => e }) : void 0, S = "$lit$", C = `lit$${Math.random().toFixed(9).slice(2)}$`, w = "?" + C, oe = `<${w}>`, T = document, E = () => T.createComment(""), D = (e) => e === null || typeof e != "object" && typeof e != "function", O = Array.isArray, se = (e) => O(e) || typeof e?.[Symbol.iterator] == "function", k = "[ 	\n\f\r]", A = /<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g, j = /-->/g, ce = />/g, M = RegExp(`>|${k}(?:([^\\s"'>=/]+)(${k}*=${k}*(?:[^ \t\n\f\r"'\`<>=]|("|')|))|$)`, "g"), le = /'/g, ue = /"/g, de = /^(?:script|style|textarea|title)$/i, N = ((e) => (t, ...n) => ({
	_$litType$: e,
	strings: t,
	values: n
}))(1), P = Symbol.for("lit-noChange"), F = Symbol.for("lit-nothing"), I = /* @__PURE__ */ new WeakMap(), L = T.createTreeWalker(T, 129);
function R(e, t) {
	if (!O(e) || !e.hasOwnProperty("raw")) throw Error("invalid template strings array");
	return x === void 0 ? t : x.createHTML(t);
}
var fe = (e, t) => {
	let n = e.length - 1, r = [], i, a = t === 2 ? "<svg>" : t === 3 ? "<math>" : "", o = A;
	for (let t = 0; t < n; t++) {
		let n = e[t], s, c, l = -1, u = 0;
		for (; u < n.length && (o.lastIndex = u, c = o.exec(n), c !== null);) u = o.lastIndex, o === A ? c[1] === "!--" ? o = j : c[1] === void 0 ? c[2] === void 0 ? c[3] !== void 0 && (o = M) : (de.test(c[2]) && (i = RegExp("</" + c[2], "g")), o = M) : o = ce : o === M ? c[0] === ">" ? (o = i ?? A, l = -1) : c[1] === void 0 ? l = -2 : (l = o.lastIndex - c[2].length, s = c[1], o = c[3] === void 0 ? M : c[3] === "\"" ? ue : le) : o === ue || o === le ? o = M : o === j || o === ce ? o = A : (o = M, i = void 0);
		let d = o === M && e[t + 1].startsWith("/>") ? " " : "";
		a += o === A ? n + oe : l >= 0 ? (r.push(s), n.slice(0, l) + S + n.slice(l) + C + d) : n + C + (l === -2 ? t : d);
	}
	return [R(e, a + (e[n] || "<?>") + (t === 2 ? "</svg>" : t === 3 ? "</math>" : "")), r];
}, z = class e {
	constructor({ strings: t, _$litType$: n }, r) {
		let i;
		this.parts = [];
		let a = 0, o = 0, s = t.length - 1, c = this.parts, [l, u] = fe(t, n);
		if (this.el = e.createElement(l, r), L.currentNode = this.el.content, n === 2 || n === 3) {
			let e = this.el.content.firstChild;
			e.replaceWith(...e.childNodes);
		}
		for (; (i = L.nextNode()) !== null && c.length < s;) {
			if (i.nodeType === 1) {
				if (i.hasAttributes()) for (let e of i.getAttributeNames()) if (e.endsWith(S)) {
					let t = u[o++], n = i.getAttribute(e).split(C), r = /([.?@])?(.*)/.exec(t);
					c.push({
						type: 1,
						index: a,
						name: r[2],
						strings: n,
						ctor: r[1] === "." ? me : r[1] === "?" ? he : r[1] === "@" ? ge : H
					}), i.removeAttribute(e);
				} else e.startsWith(C) && (c.push({
					type: 6,
					index: a
				}), i.removeAttribute(e));
				if (de.test(i.tagName)) {
					let e = i.textContent.split(C), t = e.length - 1;
					if (t > 0) {
						i.textContent = b ? b.emptyScript : "";
						for (let n = 0; n < t; n++) i.append(e[n], E()), L.nextNode(), c.push({
							type: 2,
							index: ++a
						});
						i.append(e[t], E());
					}
				}
			} else if (i.nodeType === 8) {
				if (i.data === w) c.push({
					type: 2,
					index: a
				});
				else {
					let e = -1;
					for (; (e = i.data.indexOf(C, e + 1)) !== -1;) c.push({
						type: 7,
						index: a
					}), e += C.length - 1;
				}
			}
			a++;
		}
	}
	static createElement(e, t) {
		let n = T.createElement("template");
		return n.innerHTML = e, n;
	}
};
function B(e, t, n = e, r) {
	if (t === P) return t;
	let i = r === void 0 ? n._$Cl : n._$Co?.[r], a = D(t) ? void 0 : t._$litDirective$;
	return i?.constructor !== a && (i?._$AO?.(!1), a === void 0 ? i = void 0 : (i = new a(e), i._$AT(e, n, r)), r === void 0 ? n._$Cl = i : (n._$Co ??= [])[r] = i), i !== void 0 && (t = B(e, i._$AS(e, t.values), i, r)), t;
}
var pe = class {
	constructor(e, t) {
		this._$AV = [], this._$AN = void 0, this._$AD = e, this._$AM = t;
	}
	get parentNode() {
		return this._$AM.parentNode;
	}
	get _$AU() {
		return this._$AM._$AU;
	}
	u(e) {
		let { el: { content: t }, parts: n } = this._$AD, r = (e?.creationScope ?? T).importNode(t, !0);
		L.currentNode = r;
		let i = L.nextNode(), a = 0, o = 0, s = n[0];
		for (; s !== void 0;) {
			if (a === s.index) {
				let t;
				s.type === 2 ? t = new V(i, i.nextSibling, this, e) : s.type === 1 ? t = new s.ctor(i, s.name, s.strings, this, e) : s.type === 6 && (t = new _e(i, this, e)), this._$AV.push(t), s = n[++o];
			}
			a !== s?.index && (i = L.nextNode(), a++);
		}
		return L.currentNode = T, r;
	}
	p(e) {
		let t = 0;
		for (let n of this._$AV) n !== void 0 && (n.strings === void 0 ? n._$AI(e[t]) : (n._$AI(e, n, t), t += n.strings.length - 2)), t++;
	}
}, V = class e {
	get _$AU() {
		return this._$AM?._$AU ?? this._$Cv;
	}
	constructor(e, t, n, r) {
		this.type = 2, this._$AH = F, this._$AN = void 0, this._$AA = e, this._$AB = t, this._$AM = n, this.options = r, this._$Cv = r?.isConnected ?? !0;
	}
	get parentNode() {
		let e = this._$AA.parentNode, t = this._$AM;
		return t !== void 0 && e?.nodeType === 11 && (e = t.parentNode), e;
	}
	get startNode() {
		return this._$AA;
	}
	get endNode() {
		return this._$AB;
	}
	_$AI(e, t = this) {
		e = B(this, e, t), D(e) ? e === F || e == null || e === "" ? (this._$AH !== F && this._$AR(), this._$AH = F) : e !== this._$AH && e !== P && this._(e) : e._$litType$ === void 0 ? e.nodeType === void 0 ? se(e) ? this.k(e) : this._(e) : this.T(e) : this.$(e);
	}
	O(e) {
		return this._$AA.parentNode.insertBefore(e, this._$AB);
	}
	T(e) {
		this._$AH !== e && (this._$AR(), this._$AH = this.O(e));
	}
	_(e) {
		this._$AH !== F && D(this._$AH) ? this._$AA.nextSibling.data = e : this.T(T.createTextNode(e)), this._$AH = e;
	}
	$(e) {
		let { values: t, _$litType$: n } = e, r = typeof n == "number" ? this._$AC(e) : (n.el === void 0 && (n.el = z.createElement(R(n.h, n.h[0]), this.options)), n);
		if (this._$AH?._$AD === r) this._$AH.p(t);
		else {
			let e = new pe(r, this), n = e.u(this.options);
			e.p(t), this.T(n), this._$AH = e;
		}
	}
	_$AC(e) {
		let t = I.get(e.strings);
		return t === void 0 && I.set(e.strings, t = new z(e)), t;
	}
	k(t) {
		O(this._$AH) || (this._$AH = [], this._$AR());
		let n = this._$AH, r, i = 0;
		for (let a of t) i === n.length ? n.push(r = new e(this.O(E()), this.O(E()), this, this.options)) : r = n[i], r._$AI(a), i++;
		i < n.length && (this._$AR(r && r._$AB.nextSibling, i), n.length = i);
	}
	_$AR(e = this._$AA.nextSibling, t) {
		for (this._$AP?.(!1, !0, t); e !== this._$AB;) {
			let t = ae(e).nextSibling;
			ae(e).remove(), e = t;
		}
	}
	setConnected(e) {
		this._$AM === void 0 && (this._$Cv = e, this._$AP?.(e));
	}
}, H = class {
	get tagName() {
		return this.element.tagName;
	}
	get _$AU() {
		return this._$AM._$AU;
	}
	constructor(e, t, n, r, i) {
		this.type = 1, this._$AH = F, this._$AN = void 0, this.element = e, this.name = t, this._$AM = r, this.options = i, n.length > 2 || n[0] !== "" || n[1] !== "" ? (this._$AH = Array(n.length - 1).fill(/* @__PURE__ */ new String()), this.strings = n) : this._$AH = F;
	}
	_$AI(e, t = this, n, r) {
		let i = this.strings, a = !1;
		if (i === void 0) e = B(this, e, t, 0), a = !D(e) || e !== this._$AH && e !== P, a && (this._$AH = e);
		else {
			let r = e, o, s;
			for (e = i[0], o = 0; o < i.length - 1; o++) s = B(this, r[n + o], t, o), s === P && (s = this._$AH[o]), a ||= !D(s) || s !== this._$AH[o], s === F ? e = F : e !== F && (e += (s ?? "") + i[o + 1]), this._$AH[o] = s;
		}
		a && !r && this.j(e);
	}
	j(e) {
		e === F ? this.element.removeAttribute(this.name) : this.element.setAttribute(this.name, e ?? "");
	}
}, me = class extends H {
	constructor() {
		super(...arguments), this.type = 3;
	}
	j(e) {
		this.element[this.name] = e === F ? void 0 : e;
	}
}, he = class extends H {
	constructor() {
		super(...arguments), this.type = 4;
	}
	j(e) {
		this.element.toggleAttribute(this.name, !!e && e !== F);
	}
}, ge = class extends H {
	constructor(e, t, n, r, i) {
		super(e, t, n, r, i), this.type = 5;
	}
	_$AI(e, t = this) {
		if ((e = B(this, e, t, 0) ?? F) === P) return;
		let n = this._$AH, r = e === F && n !== F || e.capture !== n.capture || e.once !== n.once || e.passive !== n.passive, i = e !== F && (n === F || r);
		r && this.element.removeEventListener(this.name, this, n), i && this.element.addEventListener(this.name, this, e), this._$AH = e;
	}
	handleEvent(e) {
		typeof this._$AH == "function" ? this._$AH.call(this.options?.host ?? this.element, e) : this._$AH.handleEvent(e);
	}
}, _e = class {
	constructor(e, t, n) {
		this.element = e, this.type = 6, this._$AN = void 0, this._$AM = t, this.options = n;
	}
	get _$AU() {
		return this._$AM._$AU;
	}
	_$AI(e) {
		B(this, e);
	}
}, ve = y.litHtmlPolyfillSupport;
ve?.(z, V), (y.litHtmlVersions ??= []).push("3.3.3");
var ye = (e, t, n) => {
	let r = n?.renderBefore ?? t, i = r._$litPart$;
	if (i === void 0) {
		let e = n?.renderBefore ?? null;
		r._$litPart$ = i = new V(t.insertBefore(E(), e), e, void 0, n ?? {});
	}
	return i._$AI(e), i;
}, U = globalThis, W = class extends v {
	constructor() {
		super(...arguments), this.renderOptions = { host: this }, this._$Do = void 0;
	}
	createRenderRoot() {
		let e = super.createRenderRoot();
		return this.renderOptions.renderBefore ??= e.firstChild, e;
	}
	update(e) {
		let t = this.render();
		this.hasUpdated || (this.renderOptions.isConnected = this.isConnected), super.update(e), this._$Do = ye(t, this.renderRoot, this.renderOptions);
	}
	connectedCallback() {
		super.connectedCallback(), this._$Do?.setConnected(!0);
	}
	disconnectedCallback() {
		super.disconnectedCallback(), this._$Do?.setConnected(!1);
	}
	render() {
		return P;
	}
};
W._$litElement$ = !0, W.finalized = !0, U.litElementHydrateSupport?.({ LitElement: W });
var be = U.litElementPolyfillSupport;
be?.({ LitElement: W }), (U.litElementVersions ??= []).push("4.2.2");
// src/common/actions.ts
function xe(e, t, n) {
	return n ? e.callService("switch", "turn_on", {}, { entity_id: t.entityId }) : t.critical ? t.deviceId && t.outputId !== void 0 ? e.callService("netio", "set_outputs", {
		device_id: t.deviceId,
		outputs: [{
			output: t.outputId,
			action: "off"
		}],
		confirm: !0
	}) : e.callService("netio", "toggle", { confirm: !0 }, { entity_id: t.entityId }) : e.callService("switch", "turn_off", {}, { entity_id: t.entityId });
}
function Se(e, t) {
	return e.callService("netio", "short_off", { confirm: t.critical }, { entity_id: t.entityId });
}
function Ce(e, t) {
	return e.critical && !t;
}
// src/common/confirm.ts
var we = class extends W {
	static {
		this.properties = {
			heading: {},
			text: {},
			confirmLabel: {},
			cancelLabel: {}
		};
	}
	constructor() {
		super(), this.heading = "", this.text = "", this.confirmLabel = "OK", this.cancelLabel = "Cancel";
	}
	async ask(e, t, n, r) {
		this.heading = e, this.text = t, this.confirmLabel = n, this.cancelLabel = r, await this.updateComplete;
		let i = this.renderRoot.querySelector("dialog");
		return typeof i.showModal == "function" ? i.showModal() : i.setAttribute("open", ""), new Promise((e) => {
			this._resolve = e;
		});
	}
	_close(e) {
		let t = this.renderRoot.querySelector("dialog");
		typeof t.close == "function" ? t.close() : t.removeAttribute("open");
		let n = this._resolve;
		this._resolve = void 0, n?.(e);
	}
	render() {
		return N`<dialog
      aria-labelledby="heading"
      @cancel=${(e) => {
			e.preventDefault(), this._close(!1);
		}}
    >
      <h2 id="heading">${this.heading}</h2>
      <p>${this.text}</p>
      <div class="buttons">
        <button class="cancel" @click=${() => this._close(!1)}>${this.cancelLabel}</button>
        <button class="confirm" @click=${() => this._close(!0)}>${this.confirmLabel}</button>
      </div>
    </dialog>`;
	}
	static {
		this.styles = o`
    dialog {
      border: none;
      border-radius: var(--ha-card-border-radius, 12px);
      background: var(--card-background-color, #fff);
      color: var(--primary-text-color);
      max-width: min(420px, calc(100vw - 32px));
      padding: 20px 24px 16px;
      box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35);
    }
    dialog::backdrop {
      background: rgba(0, 0, 0, 0.4);
    }
    h2 {
      margin: 0 0 8px;
      font-size: 1.25rem;
      font-weight: 500;
    }
    p {
      margin: 0 0 16px;
      color: var(--secondary-text-color);
      line-height: 1.4;
    }
    .buttons {
      display: flex;
      justify-content: flex-end;
      gap: 8px;
    }
    button {
      font: inherit;
      border: none;
      border-radius: 18px;
      padding: 8px 16px;
      cursor: pointer;
      background: transparent;
      color: var(--primary-color);
    }
    button.confirm {
      background: var(--error-color, #db4437);
      color: var(--text-primary-color, #fff);
    }
    button:focus-visible {
      outline: 2px solid var(--primary-color);
      outline-offset: 2px;
    }
  `;
	}
};
customElements.get("netio-confirm") || customElements.define("netio-confirm", we);
// src/common/format.ts
function G(e, t, n = 0) {
	return e == null || Number.isNaN(e) ? "—" : new Intl.NumberFormat(t, {
		maximumFractionDigits: n,
		minimumFractionDigits: n
	}).format(e);
}
function K(e, t) {
	return e == null ? "—" : `${G(e, t, +(e < 10))} W`;
}
function q(e, t) {
	return e == null ? "—" : Math.abs(e) >= 1e3 ? `${G(e / 1e3, t, 2)} kWh` : `${G(e, t, 0)} Wh`;
}
function Te(e, t) {
	return e == null ? "—" : `${G(e / 1e3, t, e % 1e3 == 0 ? 0 : 1)} s`;
}
// src/common/hass.ts
function J(e) {
	return e && typeof e == "object" && "message" in e ? String(e.message) : String(e);
}
function Y(e) {
	history.pushState(null, "", e), window.dispatchEvent(new CustomEvent("location-changed", { detail: { replace: !1 } }));
}
function Ee(e, t) {
	e.dispatchEvent(new CustomEvent("hass-more-info", {
		detail: { entityId: t },
		bubbles: !0,
		composed: !0
	}));
}
var De = {
	panel: {
		title: "NETIO",
		menu: "Nabídka",
		overview: "Přehled",
		loading: "Načítám zařízení NETIO…",
		no_devices: "Není nastaveno žádné zařízení NETIO. Přidejte jej v Nastavení → Zařízení a služby.",
		back: "Zpět na přehled",
		not_found: "Toto zařízení NETIO není (už) nastaveno.",
		subscribe_failed: "Zařízení NETIO se nepodařilo načíst: {error}"
	},
	device: {
		available: "Online",
		unavailable: "Nedostupné",
		not_loaded: "Nenačteno ({state})",
		total_power: "Celkový příkon",
		energy: "Energie",
		model: "Model",
		protocol: "Protokol",
		firmware: "Firmware",
		serial: "Sériové číslo",
		mac: "Adresa MAC",
		host: "Adresa",
		voltage: "Napětí",
		read_only: "Jen pro čtení: výstupy nelze z Home Assistantu přepínat",
		open: "Nastavení a výstupy",
		device_page: "Stránka zařízení",
		web_interface: "Webové rozhraní zařízení",
		info: "Zařízení",
		settings: "Nastavení",
		poll_interval: "Interval dotazování (sekundy)",
		poll_interval_help: "Jak často Home Assistant čte zařízení ({min}–{max} s).",
		critical_outputs: "Kritické výstupy",
		critical_help: "Vypnutí nebo restart kritického výstupu je nutné nejdříve potvrdit.",
		save: "Uložit",
		saved: "Uloženo. Zařízení se znovu načte s novým nastavením.",
		invalid_interval: "Zadejte celý počet sekund od {min} do {max}.",
		outputs: "Výstupy"
	},
	output: {
		name: "Název",
		state: "Stav",
		power: "Příkon",
		energy: "Energie",
		pulse: "Délka pulzu",
		critical: "Kritický",
		on: "Zapnuto",
		off: "Vypnuto",
		unknown: "Neznámý",
		switch: "Přepnout {name}",
		power_cycle: "Restart napájení",
		power_cycle_name: "Restartovat napájení {name}",
		actions: "Akce",
		menu: "Další akce pro {name}",
		device_settings: "V zařízení",
		setting_name: "Název v zařízení",
		setting_delay: "Zpoždění krátkého zapnutí/vypnutí (s)",
		setting_power_up: "Po zapnutí napájení"
	},
	confirm: {
		off_title: "Vypnout {name}?",
		off_text: "{name} je kritický výstup. Vypnutím odpojíte napájení všeho, co je k němu připojeno.",
		cycle_title: "Restartovat napájení {name}?",
		cycle_text: "{name} bude {seconds} s vypnutý a pak se znovu zapne.",
		cycle_text_critical: "{name} je kritický výstup. Bude {seconds} s vypnutý a pak se znovu zapne.",
		cancel: "Zrušit",
		off: "Vypnout",
		cycle: "Restartovat"
	},
	card: {
		total_power: "Celkový příkon",
		energy_today: "Energie dnes",
		no_device: "Vyberte napájecí lištu NETIO v nastavení karty.",
		device_missing: "Napájecí lišta NETIO této karty nebyla nalezena.",
		no_outputs: "Tato napájecí lišta nemá žádné výstupy k zobrazení.",
		hold_hint: "Klepnutím přepnete, podržením restartujete napájení"
	},
	editor: {
		device: "Napájecí lišta",
		choose: "Vyberte…",
		title: "Nadpis (nepovinný)",
		show_power: "Zobrazit příkon",
		show_energy: "Zobrazit dnešní energii",
		no_devices: "Nebyla nalezena žádná napájecí lišta NETIO."
	},
	rules: {
		tab: "Pravidla",
		intro: "Vložte dokument pravidel NETIO (JSON ze stránky Rules zařízení) nebo pravidla načtěte ze zařízení; náhled ukáže, čím se každé pravidlo stane, ještě než se cokoli vytvoří.",
		device: "Napájecí lišta",
		json: "JSON pravidel",
		from_device: "Načíst pravidla ze zařízení (vyžaduje přístup ke konfiguraci)",
		preview: "Náhled",
		create: "Vytvořit automatizace",
		invalid: "Dokument nelze importovat:",
		rule: "Pravidlo",
		outcome: "Výsledek",
		automation: "Automatizace",
		warnings: "Upozornění",
		untranslatable: "Nepřeloženo",
		created: "Vytvořeno automatizací: {count}.",
		schedules_created: "Vytvořeni pomocníci plánu: {names}",
		open: "Otevřít v editoru automatizací",
		empty: "Vložte JSON pravidel nebo zvolte načtení ze zařízení.",
		yaml: "Automatizace (YAML)",
		none: "—",
		imported: "Automatizace vytvořené importem",
		no_imported: "Z pravidel NETIO zatím nebyla importována žádná automatizace.",
		export: "Exportovat do JSON NETIO",
		exported: "JSON pravidla NETIO pro {name}: vložte jej na stránku Rules zařízení."
	},
	schedules: {
		tab: "Plány",
		intro: "Týdenní plány, podle kterých se řídí pravidla NETIO: pomocníci plánu s názvem „NETIO …“, vytvoření importem pravidel. Upravíte je v Nastavení → Zařízení a služby → Pomocníci.",
		none: "Zatím žádný plán NETIO. Vytvoří jej import pravidel, která plán používají.",
		failed: "Plány se nepodařilo načíst: {error}",
		days: {
			monday: "Po",
			tuesday: "Út",
			wednesday: "St",
			thursday: "Čt",
			friday: "Pá",
			saturday: "So",
			sunday: "Ne"
		}
	},
	watchdogs: {
		tab: "Watchdogy",
		intro: "Každý watchdog kontroluje zařízení za výstupem a restartuje napájení výstupu, když zařízení přestane odpovídat. Watchdogy přidáte, změníte nebo odeberete na stránce integrace NETIO (záznam zařízení → Přidat watchdog).",
		manage: "Spravovat watchdogy",
		none: "Není nastaven žádný watchdog.",
		device: "Zařízení",
		output: "Výstup",
		target: "Kontroluje",
		state: "Stav",
		restarts: "Restarty",
		last_restart: "Poslední restart",
		enabled: "Zapnutý",
		problem: "Problém",
		ok: "OK",
		never: "nikdy",
		hint: "Vyzkoušení: nechte cíl přestat odpovídat (v ukázce zastavte simulované zařízení); po nastaveném počtu neúspěšných kontrol se napájení výstupu restartuje a počet restartů vzroste."
	}
}, Oe = {
	panel: {
		title: "NETIO",
		menu: "Menü",
		overview: "Übersicht",
		loading: "NETIO-Geräte werden geladen…",
		no_devices: "Es ist kein NETIO-Gerät eingerichtet. Fügen Sie eines unter Einstellungen → Geräte & Dienste hinzu.",
		back: "Zurück zur Übersicht",
		not_found: "Dieses NETIO-Gerät ist nicht (mehr) eingerichtet.",
		subscribe_failed: "Die NETIO-Geräte konnten nicht geladen werden: {error}"
	},
	device: {
		available: "Online",
		unavailable: "Nicht verfügbar",
		not_loaded: "Nicht geladen ({state})",
		total_power: "Gesamtleistung",
		energy: "Energie",
		model: "Modell",
		protocol: "Protokoll",
		firmware: "Firmware",
		serial: "Seriennummer",
		mac: "MAC-Adresse",
		host: "Adresse",
		voltage: "Spannung",
		read_only: "Nur lesen: Ausgänge können nicht aus Home Assistant geschaltet werden",
		open: "Einstellungen und Ausgänge",
		device_page: "Geräteseite",
		web_interface: "Weboberfläche des Geräts",
		info: "Gerät",
		settings: "Einstellungen",
		poll_interval: "Abfrageintervall (Sekunden)",
		poll_interval_help: "Wie oft Home Assistant das Gerät abfragt ({min}–{max} s).",
		critical_outputs: "Kritische Ausgänge",
		critical_help: "Das Ausschalten oder Neustarten eines kritischen Ausgangs muss zuerst bestätigt werden.",
		save: "Speichern",
		saved: "Gespeichert. Das Gerät wird mit den neuen Einstellungen neu gelesen.",
		invalid_interval: "Geben Sie eine ganze Zahl von Sekunden zwischen {min} und {max} ein.",
		outputs: "Ausgänge"
	},
	output: {
		name: "Name",
		state: "Zustand",
		power: "Leistung",
		energy: "Energie",
		pulse: "Impulsdauer",
		critical: "Kritisch",
		on: "Ein",
		off: "Aus",
		unknown: "Unbekannt",
		switch: "{name} schalten",
		power_cycle: "Neu starten",
		power_cycle_name: "{name} neu starten",
		actions: "Aktionen",
		menu: "Weitere Aktionen für {name}",
		device_settings: "Im Gerät",
		setting_name: "Name im Gerät",
		setting_delay: "Verzögerung kurzes Ein/Aus (s)",
		setting_power_up: "Nach dem Einschalten"
	},
	confirm: {
		off_title: "{name} ausschalten?",
		off_text: "{name} ist ein kritischer Ausgang. Ausschalten trennt die Stromversorgung des angeschlossenen Geräts.",
		cycle_title: "{name} neu starten?",
		cycle_text: "{name} wird {seconds} s ausgeschaltet und dann wieder eingeschaltet.",
		cycle_text_critical: "{name} ist ein kritischer Ausgang. Er wird {seconds} s ausgeschaltet und dann wieder eingeschaltet.",
		cancel: "Abbrechen",
		off: "Ausschalten",
		cycle: "Neu starten"
	},
	card: {
		total_power: "Gesamtleistung",
		energy_today: "Energie heute",
		no_device: "Wählen Sie in den Karteneinstellungen eine NETIO-Steckdosenleiste.",
		device_missing: "Die NETIO-Steckdosenleiste dieser Karte wurde nicht gefunden.",
		no_outputs: "Diese Steckdosenleiste hat keine Ausgänge zum Anzeigen.",
		hold_hint: "Tippen zum Schalten, gedrückt halten zum Neustarten"
	},
	editor: {
		device: "Steckdosenleiste",
		choose: "Auswählen…",
		title: "Titel (optional)",
		show_power: "Leistung anzeigen",
		show_energy: "Energie heute anzeigen",
		no_devices: "Es wurde keine NETIO-Steckdosenleiste gefunden."
	},
	rules: {
		tab: "Regeln",
		intro: "Fügen Sie ein NETIO-Regeldokument ein (das JSON der Regelseite des Geräts) oder lesen Sie die Regeln vom Gerät; die Vorschau zeigt, was aus jeder Regel wird, bevor etwas angelegt wird.",
		device: "Steckdosenleiste",
		json: "Regel-JSON",
		from_device: "Regeln vom Gerät lesen (braucht dessen Konfigurationszugang)",
		preview: "Vorschau",
		create: "Automationen anlegen",
		invalid: "Das Dokument kann nicht importiert werden:",
		rule: "Regel",
		outcome: "Ergebnis",
		automation: "Automation",
		warnings: "Warnungen",
		untranslatable: "Nicht übersetzt",
		created: "{count} Automationen angelegt.",
		schedules_created: "Angelegte Zeitplan-Helfer: {names}",
		open: "Im Automationseditor öffnen",
		empty: "Fügen Sie Regel-JSON ein oder lesen Sie es vom Gerät.",
		yaml: "Automationen (YAML)",
		none: "—",
		imported: "Durch den Import angelegte Automationen",
		no_imported: "Aus NETIO-Regeln wurde noch keine Automation importiert.",
		export: "Als NETIO-JSON exportieren",
		exported: "NETIO-Regel-JSON von {name}: Fügen Sie es auf der Regelseite des Geräts ein."
	},
	schedules: {
		tab: "Zeitpläne",
		intro: "Die Wochenpläne, denen NETIO-Regeln folgen: Zeitplan-Helfer namens „NETIO …“, angelegt beim Regelimport. Bearbeiten Sie sie unter Einstellungen → Geräte & Dienste → Helfer.",
		none: "Noch kein NETIO-Zeitplan. Der Import von Regeln mit Zeitplan legt einen an.",
		failed: "Die Zeitpläne konnten nicht gelesen werden: {error}",
		days: {
			monday: "Mo",
			tuesday: "Di",
			wednesday: "Mi",
			thursday: "Do",
			friday: "Fr",
			saturday: "Sa",
			sunday: "So"
		}
	},
	watchdogs: {
		tab: "Watchdogs",
		intro: "Jeder Watchdog prüft ein Gerät hinter einem Ausgang und startet den Ausgang neu, wenn das Gerät nicht mehr antwortet. Watchdogs fügen Sie auf der Seite der NETIO-Integration hinzu, ändern oder entfernen sie dort (Eintrag des Geräts → Watchdog hinzufügen).",
		manage: "Watchdogs verwalten",
		none: "Es ist kein Watchdog eingerichtet.",
		device: "Gerät",
		output: "Ausgang",
		target: "Prüft",
		state: "Zustand",
		restarts: "Neustarts",
		last_restart: "Letzter Neustart",
		enabled: "Aktiv",
		problem: "Problem",
		ok: "OK",
		never: "nie",
		hint: "Zum Ausprobieren: Lassen Sie das Ziel nicht mehr antworten (in der Demo den simulierten Host anhalten); nach den eingestellten Fehlversuchen wird der Ausgang neu gestartet und die Neustarts zählen hoch."
	}
}, ke = {
	panel: {
		title: "NETIO",
		menu: "Menu",
		overview: "Overview",
		loading: "Loading NETIO devices…",
		no_devices: "No NETIO device is set up. Add one under Settings → Devices & services.",
		back: "Back to the overview",
		not_found: "This NETIO device is not set up (any more).",
		subscribe_failed: "The NETIO devices could not be loaded: {error}"
	},
	device: {
		available: "Online",
		unavailable: "Unavailable",
		not_loaded: "Not loaded ({state})",
		total_power: "Total power",
		energy: "Energy",
		model: "Model",
		protocol: "Protocol",
		firmware: "Firmware",
		serial: "Serial number",
		mac: "MAC address",
		host: "Address",
		voltage: "Voltage",
		read_only: "Read-only: outputs cannot be switched from Home Assistant",
		open: "Settings and outputs",
		device_page: "Device page",
		web_interface: "Device web interface",
		info: "Device",
		settings: "Settings",
		poll_interval: "Poll interval (seconds)",
		poll_interval_help: "How often Home Assistant reads the device ({min}–{max} s).",
		critical_outputs: "Critical outputs",
		critical_help: "Turning a critical output off or power-cycling it asks for confirmation first.",
		save: "Save",
		saved: "Saved. The device is read again with the new settings.",
		invalid_interval: "Enter a whole number of seconds from {min} to {max}.",
		outputs: "Outputs"
	},
	output: {
		name: "Name",
		state: "State",
		power: "Power",
		energy: "Energy",
		pulse: "Pulse length",
		critical: "Critical",
		on: "On",
		off: "Off",
		unknown: "Unknown",
		switch: "Switch {name}",
		power_cycle: "Power cycle",
		power_cycle_name: "Power cycle {name}",
		actions: "Actions",
		menu: "More actions for {name}",
		device_settings: "On the device",
		setting_name: "Name on the device",
		setting_delay: "Short ON/OFF delay (s)",
		setting_power_up: "After power-up"
	},
	confirm: {
		off_title: "Turn off {name}?",
		off_text: "{name} is a critical output. Turning it off cuts the power of what is plugged in.",
		cycle_title: "Power-cycle {name}?",
		cycle_text: "{name} will be off for {seconds} s and then on again.",
		cycle_text_critical: "{name} is a critical output. It will be off for {seconds} s and then on again.",
		cancel: "Cancel",
		off: "Turn off",
		cycle: "Power cycle"
	},
	card: {
		total_power: "Total power",
		energy_today: "Energy today",
		no_device: "Choose a NETIO power strip in the card's settings.",
		device_missing: "The NETIO power strip of this card was not found.",
		no_outputs: "This power strip has no outputs to show.",
		hold_hint: "Tap to switch, hold to power-cycle"
	},
	editor: {
		device: "Power strip",
		choose: "Choose…",
		title: "Title (optional)",
		show_power: "Show power",
		show_energy: "Show energy today",
		no_devices: "No NETIO power strip was found."
	},
	rules: {
		tab: "Rules",
		intro: "Paste a NETIO rule document (the JSON of the device's Rules page) or read the rules from the device; the preview shows what each rule becomes before anything is created.",
		device: "Power strip",
		json: "Rule JSON",
		from_device: "Read the rules from the device (needs its configuration access)",
		preview: "Preview",
		create: "Create automations",
		invalid: "The document cannot be imported:",
		rule: "Rule",
		outcome: "Result",
		automation: "Automation",
		warnings: "Warnings",
		untranslatable: "Not translated",
		created: "Created {count} automations.",
		schedules_created: "Schedule helpers created: {names}",
		open: "Open in the automation editor",
		empty: "Paste rule JSON or choose to read it from the device.",
		yaml: "Automations (YAML)",
		none: "—",
		imported: "Automations made by the import",
		no_imported: "No automation was imported from NETIO rules yet.",
		export: "Export to NETIO JSON",
		exported: "NETIO rule JSON of {name}: paste it on the device's Rules page."
	},
	schedules: {
		tab: "Schedules",
		intro: "The weekly schedules NETIO rules follow: schedule helpers named \"NETIO …\", made by the rule import. Edit them under Settings → Devices & services → Helpers.",
		none: "No NETIO schedule yet. Importing rules that use a schedule creates one.",
		failed: "The schedules could not be read: {error}",
		days: {
			monday: "Mon",
			tuesday: "Tue",
			wednesday: "Wed",
			thursday: "Thu",
			friday: "Fri",
			saturday: "Sat",
			sunday: "Sun"
		}
	},
	watchdogs: {
		tab: "Watchdogs",
		intro: "Each watchdog checks a host behind an output and power-cycles the output when the host stops answering. Add, change or remove watchdogs on the NETIO integration's page (each device's entry → Add watchdog).",
		manage: "Manage watchdogs",
		none: "No watchdog is set up.",
		device: "Device",
		output: "Output",
		target: "Checks",
		state: "State",
		restarts: "Restarts",
		last_restart: "Last restart",
		enabled: "Enabled",
		problem: "Problem",
		ok: "OK",
		never: "never",
		hint: "To try one: make its target stop answering (for the demo, stop the simulated host); after the configured failed checks the output is power-cycled and Restarts counts up."
	}
}, Ae = {
	en: ke,
	cs: De,
	de: Oe
};
function X(e, t) {
	let n = e;
	for (let e of t.split(".")) {
		if (typeof n != "object" || !n) return;
		n = n[e];
	}
	return typeof n == "string" ? n : void 0;
}
function je(e) {
	let t = (e ?? "en").toLowerCase().split(/[-_]/)[0];
	return t in Ae ? t : "en";
}
function Z(e) {
	let t = Ae[je(e)];
	return (e, n) => (X(t, e) ?? X(ke, e) ?? e).replace(/\{(\w+)\}/g, (e, t) => n && t in n ? String(n[t]) : e);
}
// src/common/styles.ts
var Me = o`
  .switch {
    position: relative;
    flex: none;
    width: 40px;
    height: 22px;
    border-radius: 11px;
    border: none;
    padding: 0;
    cursor: pointer;
    background: var(--switch-unchecked-track-color, var(--disabled-color, #9e9e9e));
    transition: background 0.15s;
  }
  .switch::after {
    content: "";
    position: absolute;
    top: 3px;
    left: 3px;
    width: 16px;
    height: 16px;
    border-radius: 50%;
    background: var(--switch-unchecked-button-color, #fff);
    transition: transform 0.15s;
  }
  .switch[aria-checked="true"] {
    background: var(--switch-checked-track-color, var(--primary-color));
  }
  .switch[aria-checked="true"]::after {
    transform: translateX(18px);
    background: var(--switch-checked-button-color, #fff);
  }
  .switch[aria-checked="mixed"] {
    opacity: 0.6;
  }
  .switch:disabled {
    cursor: default;
    opacity: 0.4;
  }
  .switch:focus-visible,
  button:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  .text-button {
    font: inherit;
    border: 1px solid var(--divider-color);
    border-radius: 16px;
    padding: 4px 12px;
    background: transparent;
    color: var(--primary-color);
    cursor: pointer;
  }
  .text-button:disabled {
    color: var(--disabled-text-color, #9e9e9e);
    cursor: default;
  }
  .error {
    color: var(--error-color, #db4437);
  }
`, Ne = class extends W {
	static {
		this.properties = {
			hass: { attribute: !1 },
			devices: { attribute: !1 },
			_deviceId: { state: !0 },
			_json: { state: !0 },
			_fromDevice: { state: !0 },
			_busy: { state: !0 },
			_result: { state: !0 },
			_error: { state: !0 },
			_exported: { state: !0 }
		};
	}
	constructor() {
		super(), this.devices = [], this._deviceId = "", this._json = "", this._fromDevice = !1, this._busy = !1;
	}
	get _strips() {
		return this.devices.filter((e) => e.device_id && e.entry_state === "loaded");
	}
	async _run(e) {
		let t = this._deviceId || this._strips[0]?.device_id;
		if (!t) return;
		let n = {
			device_id: t,
			mode: e
		};
		this._fromDevice ? n.from_device = !0 : n.rules = this._json, this._busy = !0, this._error = void 0, e === "preview" && (this._result = void 0);
		try {
			let e = await this.hass.callWS({
				type: "call_service",
				domain: "netio",
				service: "import_rules",
				service_data: n,
				return_response: !0
			});
			this._result = e.response;
		} catch (e) {
			this._error = J(e);
		} finally {
			this._busy = !1;
		}
	}
	get _imported() {
		return Object.values(this.hass?.states ?? {}).filter((e) => e.entity_id.startsWith("automation.") && String(e.attributes.id ?? "").startsWith("netio_")).map((e) => ({
			entityId: e.entity_id,
			id: String(e.attributes.id),
			name: String(e.attributes.friendly_name ?? e.entity_id)
		})).sort((e, t) => e.name.localeCompare(t.name));
	}
	async _export(e) {
		this._error = void 0;
		try {
			let t = await this.hass.callWS({
				type: "call_service",
				domain: "netio",
				service: "export_rule",
				service_data: { entity_id: e.entityId },
				return_response: !0
			});
			this._exported = {
				name: e.name,
				json: t.response.json
			};
		} catch (e) {
			this._error = J(e);
		}
	}
	_renderImported() {
		let e = Z(this.hass.language), t = this._imported;
		return N`<section class="card imported">
      <h2>${e("rules.imported")}</h2>
      ${t.length ? N`<ul class="automations">
            ${t.map((t) => N`<li>
                <a
                  href="/config/automation/edit/${t.id}"
                  @click=${(e) => {
			e.preventDefault(), Y(`/config/automation/edit/${t.id}`);
		}}
                  >${t.name}</a
                >
                <button class="text-button export" @click=${() => this._export(t)}>${e("rules.export")}</button>
              </li>`)}
          </ul>` : N`<p class="help">${e("rules.no_imported")}</p>`}
      ${this._exported ? N`<p>${e("rules.exported", { name: this._exported.name })}</p>
            <pre class="exported">${this._exported.json}</pre>` : F}
    </section>`;
	}
	render() {
		let e = Z(this.hass?.language), t = this._strips, n = this._fromDevice || this._json.trim().length > 0;
		return N`
      <section class="card">
        <h2>${e("rules.tab")}</h2>
        <p class="help">${e("rules.intro")}</p>
        <label for="strip">${e("rules.device")}</label>
        <select
          id="strip"
          @change=${(e) => {
			this._deviceId = e.target.value, this._result = void 0;
		}}
        >
          ${t.map((e) => N`<option value=${e.device_id} ?selected=${e.device_id === this._deviceId}>
              ${e.name ?? e.title}
            </option>`)}
        </select>
        <label class="check">
          <input
            type="checkbox"
            .checked=${this._fromDevice}
            @change=${(e) => {
			this._fromDevice = e.target.checked, this._result = void 0;
		}}
          />
          ${e("rules.from_device")}
        </label>
        ${this._fromDevice ? F : N`<label for="json">${e("rules.json")}</label>
              <textarea
                id="json"
                rows="8"
                spellcheck="false"
                .value=${this._json}
                @input=${(e) => {
			this._json = e.target.value, this._result = void 0;
		}}
              ></textarea>`}
        <div class="buttons">
          <button class="text-button preview" ?disabled=${!n || this._busy || !t.length} @click=${() => this._run("preview")}>
            ${e("rules.preview")}
          </button>
          <button
            class="text-button create"
            ?disabled=${this._busy || !this._result?.valid || this._result.created || !this._result.rules.some((e) => e.automation_id)}
            @click=${() => this._run("create")}
          >
            ${e("rules.create")}
          </button>
        </div>
        ${this._error ? N`<p class="error" role="alert">${this._error}</p>` : F}
      </section>
      ${this._result ? this._renderResult(this._result) : F} ${this._renderImported()}
    `;
	}
	_renderResult(e) {
		let t = Z(this.hass.language);
		if (!e.valid) return N`<section class="card result" role="status">
        <p class="error">${t("rules.invalid")}</p>
        <ul>${e.problems.map((e) => N`<li>${e}</li>`)}</ul>
      </section>`;
		let n = e.created === !0;
		return N`<section class="card result" role="status">
      ${n ? N`<p class="ok">${t("rules.created", { count: e.rules.filter((e) => e.automation_id).length })}</p>` : F}
      ${n && e.schedules?.created.length ? N`<p>${t("rules.schedules_created", { names: e.schedules.created.join(", ") })}</p>` : F}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>${t("rules.rule")}</th>
              <th>${t("rules.outcome")}</th>
              <th>${t("rules.warnings")}</th>
              <th>${t("rules.untranslatable")}</th>
              ${n ? N`<th>${t("rules.automation")}</th>` : F}
            </tr>
          </thead>
          <tbody>
            ${e.rules.map((e) => N`<tr>
                <td>${e.rule}</td>
                <td>${e.outcome}</td>
                <td>${e.warnings.length ? N`<ul>${e.warnings.map((e) => N`<li>${e}</li>`)}</ul>` : t("rules.none")}</td>
                <td>
                  ${e.untranslatable.length ? N`<ul>${e.untranslatable.map((e) => N`<li>${e}</li>`)}</ul>` : t("rules.none")}
                </td>
                ${n ? N`<td>
                      ${e.automation_id ? N`<a
                            href="/config/automation/edit/${e.automation_id}"
                            @click=${(t) => {
			t.preventDefault(), Y(`/config/automation/edit/${e.automation_id}`);
		}}
                            >${t("rules.open")}</a
                          >` : t("rules.none")}
                    </td>` : F}
              </tr>`)}
          </tbody>
        </table>
      </div>
      ${!n && e.yaml ? N`<details>
            <summary>${t("rules.yaml")}</summary>
            <pre>${e.yaml}</pre>
          </details>` : F}
    </section>`;
	}
	static {
		this.styles = [Me, o`
      :host {
        display: block;
      }
      .card {
        background: var(--card-background-color, #fff);
        border-radius: var(--ha-card-border-radius, 12px);
        border: 1px solid var(--divider-color, transparent);
        padding: 16px;
        margin-bottom: 16px;
      }
      h2 {
        margin: 0 0 8px;
        font-size: 18px;
        font-weight: 500;
      }
      .help {
        color: var(--secondary-text-color);
      }
      label {
        display: block;
        margin: 12px 0 4px;
      }
      label.check {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      select,
      textarea {
        font: inherit;
        width: 100%;
        box-sizing: border-box;
        padding: 8px;
        border-radius: 6px;
        border: 1px solid var(--divider-color);
        background: var(--secondary-background-color, transparent);
        color: var(--primary-text-color);
      }
      textarea {
        font-family: var(--ha-font-family-code, monospace);
      }
      .buttons {
        display: flex;
        gap: 8px;
        margin-top: 12px;
      }
      .ok {
        color: var(--success-color, #43a047);
      }
      .table-wrap {
        overflow-x: auto;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: start;
        vertical-align: top;
        padding: 8px 10px;
        border-bottom: 1px solid var(--divider-color);
      }
      th {
        color: var(--secondary-text-color);
        font-weight: 500;
      }
      ul {
        margin: 0;
        padding-inline-start: 18px;
      }
      pre {
        overflow-x: auto;
        background: var(--secondary-background-color, transparent);
        padding: 8px;
        border-radius: 6px;
      }
      a {
        color: var(--primary-color);
      }
      ul.automations {
        list-style: none;
        padding: 0;
      }
      ul.automations li {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
        padding: 6px 0;
        border-bottom: 1px solid var(--divider-color);
      }
    `];
	}
};
customElements.get("netio-rules-page") || customElements.define("netio-rules-page", Ne);
// src/panel/schedules-page.ts
var Pe = [
	"monday",
	"tuesday",
	"wednesday",
	"thursday",
	"friday",
	"saturday",
	"sunday"
], Fe = "NETIO ";
function Ie(e) {
	let [t, n] = e.split(":").map(Number);
	return t * 60 + (n || 0);
}
var Le = class extends W {
	constructor(...e) {
		super(...e), this._loading = !1;
	}
	static {
		this.properties = {
			hass: { attribute: !1 },
			_items: { state: !0 },
			_error: { state: !0 }
		};
	}
	connectedCallback() {
		super.connectedCallback(), this._load();
	}
	async _load() {
		if (!this._loading && this.hass) {
			this._loading = !0;
			try {
				let e = await this.hass.callWS({ type: "schedule/list" });
				this._items = e.filter((e) => e.name.startsWith(Fe));
			} catch (e) {
				e?.code === "unknown_command" ? this._items = [] : this._error = J(e);
			} finally {
				this._loading = !1;
			}
		}
	}
	_entityId(e) {
		return Object.values(this.hass.states).find((t) => t.entity_id.startsWith("schedule.") && t.attributes.friendly_name === e.name)?.entity_id;
	}
	render() {
		let e = Z(this.hass?.language);
		return N`<section class="card">
      <h2>${e("schedules.tab")}</h2>
      <p class="help">${e("schedules.intro")}</p>
      ${this._error ? N`<p class="error" role="alert">${e("schedules.failed", { error: this._error })}</p>` : F}
      ${this._items?.length === 0 ? N`<p class="help empty">${e("schedules.none")}</p>` : F}
      ${(this._items ?? []).map((t) => {
			let n = this._entityId(t);
			return N`<div class="schedule" data-id=${t.id}>
          <h3>
            ${n ? N`<button class="link" @click=${() => Ee(this, n)}>${t.name}</button>` : t.name}
          </h3>
          <div class="week">
            ${Pe.map((n) => N`<div class="day">
                <span class="label">${e(`schedules.days.${n}`)}</span>
                <span class="track">
                  ${(t[n] ?? []).map((e) => {
				let t = Ie(e.from), n = Ie(e.to);
				return N`<span
                      class="block"
                      title="${e.from.slice(0, 5)}–${e.to.slice(0, 5)}"
                      style="left:${(t / 1440 * 100).toFixed(2)}%;width:${((n - t) / 1440 * 100).toFixed(2)}%"
                    ></span>`;
			})}
                </span>
              </div>`)}
            <div class="day hours" aria-hidden="true">
              <span class="label"></span>
              <span class="scale"><span>0</span><span>6</span><span>12</span><span>18</span><span>24</span></span>
            </div>
          </div>
        </div>`;
		})}
    </section>`;
	}
	static {
		this.styles = o`
    :host {
      display: block;
    }
    .card {
      background: var(--card-background-color, #fff);
      border-radius: var(--ha-card-border-radius, 12px);
      border: 1px solid var(--divider-color, transparent);
      padding: 16px;
      margin-bottom: 16px;
    }
    h2 {
      margin: 0 0 8px;
      font-size: 18px;
      font-weight: 500;
    }
    h3 {
      margin: 16px 0 8px;
      font-size: 16px;
      font-weight: 500;
    }
    .help {
      color: var(--secondary-text-color);
    }
    .error {
      color: var(--error-color, #db4437);
    }
    button.link {
      font: inherit;
      background: none;
      border: none;
      padding: 0;
      color: var(--primary-color);
      cursor: pointer;
    }
    .day {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 3px 0;
    }
    .label {
      flex: none;
      width: 32px;
      color: var(--secondary-text-color);
      font-size: 13px;
    }
    .track {
      position: relative;
      flex: 1;
      height: 14px;
      border-radius: 4px;
      background: var(--secondary-background-color, rgba(127, 127, 127, 0.15));
    }
    .block {
      position: absolute;
      top: 0;
      bottom: 0;
      border-radius: 4px;
      background: var(--primary-color);
    }
    .scale {
      flex: 1;
      display: flex;
      justify-content: space-between;
      font-size: 11px;
      color: var(--secondary-text-color);
    }
  `;
	}
};
customElements.get("netio-schedules-page") || customElements.define("netio-schedules-page", Le);
// src/panel/watchdogs-page.ts
var Re = class extends W {
	static {
		this.properties = {
			hass: { attribute: !1 },
			devices: { attribute: !1 }
		};
	}
	constructor() {
		super(), this.devices = [];
	}
	render() {
		let e = Z(this.hass?.language), t = this.devices.flatMap((e) => (e.watchdogs ?? []).map((t) => ({
			device: e,
			watchdog: t
		}))), n = (t) => t ? new Date(t).toLocaleString(this.hass.language) : e("watchdogs.never");
		return N`<section class="card">
      <h2>${e("watchdogs.tab")}</h2>
      <p class="help">${e("watchdogs.intro")}</p>
      <a
        class="manage"
        href="/config/integrations/integration/netio"
        @click=${(e) => {
			e.preventDefault(), Y("/config/integrations/integration/netio");
		}}
        >${e("watchdogs.manage")}</a
      >
      ${t.length ? N`<div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>${e("output.name")}</th>
                  <th>${e("watchdogs.device")}</th>
                  <th>${e("watchdogs.output")}</th>
                  <th>${e("watchdogs.target")}</th>
                  <th>${e("watchdogs.state")}</th>
                  <th class="num">${e("watchdogs.restarts")}</th>
                  <th>${e("watchdogs.last_restart")}</th>
                </tr>
              </thead>
              <tbody>
                ${t.map(({ device: t, watchdog: r }) => {
			let i = t.outputs.find((e) => e.id === r.output_id);
			return N`<tr data-watchdog=${r.subentry_id}>
                    <td>${r.name}</td>
                    <td>${t.name ?? t.title}</td>
                    <td>${i?.name ?? r.output_id}</td>
                    <td>${r.method.toUpperCase()} ${r.target}</td>
                    <td>
                      <span class="chip ${r.problem ? "bad" : "good"}"
                        >${r.problem ? e("watchdogs.problem") : e("watchdogs.ok")}</span
                      >
                      ${r.enabled ? r.state : N`<s>${e("watchdogs.enabled")}</s>`}
                      ${r.pauses.length ? N`<span class="help">(${r.pauses.join(", ")})</span>` : F}
                    </td>
                    <td class="num">${r.restarts}</td>
                    <td>${n(r.last_restart)}</td>
                  </tr>`;
		})}
              </tbody>
            </table>
          </div>` : N`<p class="help empty">${e("watchdogs.none")}</p>`}
      <p class="help hint">${e("watchdogs.hint")}</p>
    </section>`;
	}
	static {
		this.styles = o`
    :host {
      display: block;
    }
    .card {
      background: var(--card-background-color, #fff);
      border-radius: var(--ha-card-border-radius, 12px);
      border: 1px solid var(--divider-color, transparent);
      padding: 16px;
      margin-bottom: 16px;
    }
    h2 {
      margin: 0 0 8px;
      font-size: 18px;
      font-weight: 500;
    }
    .help {
      color: var(--secondary-text-color);
    }
    a {
      color: var(--primary-color);
    }
    .table-wrap {
      overflow-x: auto;
      margin-top: 12px;
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      text-align: start;
      padding: 8px 10px;
      border-bottom: 1px solid var(--divider-color);
      white-space: nowrap;
    }
    th {
      color: var(--secondary-text-color);
      font-weight: 500;
    }
    .num {
      text-align: end;
    }
    .chip {
      border-radius: 10px;
      padding: 1px 8px;
      font-size: 12px;
      margin-inline-end: 6px;
    }
    .chip.good {
      color: var(--success-color, #43a047);
      background: rgba(var(--rgb-success-color, 67, 160, 71), 0.15);
    }
    .chip.bad {
      color: var(--error-color, #db4437);
      background: rgba(var(--rgb-error-color, 219, 68, 55), 0.12);
    }
  `;
	}
};
customElements.get("netio-watchdogs-page") || customElements.define("netio-watchdogs-page", Re);
// src/panel/types.ts
function ze(e, t) {
	if ("devices" in t) return t.devices;
	let n = e ?? [], r = n.findIndex((e) => e.entry_id === t.device.entry_id);
	if (r === -1) return [...n, t.device];
	let i = [...n];
	return i[r] = t.device, i;
}
var Q = 3600, $ = class extends W {
	static {
		this.properties = {
			hass: { attribute: !1 },
			narrow: { type: Boolean },
			route: { attribute: !1 },
			devices: { attribute: !1 },
			_error: { state: !0 },
			_pending: { state: !0 },
			_draft: { state: !0 },
			_saving: { state: !0 },
			_saveMessage: { state: !0 }
		};
	}
	constructor() {
		super(), this.narrow = !1, this._pending = /* @__PURE__ */ new Map(), this._saving = !1;
	}
	get _t() {
		return Z(this.hass?.language);
	}
	connectedCallback() {
		super.connectedCallback(), this.hass && this._subscribe();
	}
	disconnectedCallback() {
		super.disconnectedCallback();
		let e = this._unsub;
		this._unsub = void 0, e?.then((e) => e()).catch(() => void 0);
	}
	willUpdate(e) {
		e.has("hass") && this.hass && !this._unsub && this.isConnected && this._subscribe();
	}
	_subscribe() {
		this._unsub = this.hass.connection.subscribeMessage((e) => this._onEvent(e), { type: "netio/subscribe" }), this._unsub.catch((e) => {
			this._unsub = void 0, this._error = this._t("panel.subscribe_failed", { error: J(e) });
		});
	}
	_onEvent(e) {
		if (this.devices = ze(this.devices, e), this._error = void 0, this._pending.size) {
			let e = new Map(this._pending);
			for (let t of this.devices) for (let n of t.outputs) {
				let r = `${t.entry_id}:${n.id}`;
				e.has(r) && e.get(r) === n.state && e.delete(r);
			}
			this._pending = e;
		}
		this.toggleAttribute("live", !0);
	}
	get _page() {
		let e = this.route?.path ?? "", t = /^\/device\/([^/]+)/.exec(e);
		return t ? {
			kind: "device",
			entryId: decodeURIComponent(t[1])
		} : e.startsWith("/rules") ? { kind: "rules" } : e.startsWith("/watchdogs") ? { kind: "watchdogs" } : { kind: e.startsWith("/schedules") ? "schedules" : "overview" };
	}
	_tab(e, t, n) {
		let r = e === "overview" ? this._prefix() : `${this._prefix()}/${e}`;
		return N`<a
      class="tab"
      href=${r}
      aria-current=${e === n ? "page" : "false"}
      @click=${(e) => {
			e.preventDefault(), Y(r);
		}}
      >${t}</a
    >`;
	}
	_prefix() {
		return this.route?.prefix ?? "/netio";
	}
	_target(e, t) {
		if (t.entity_id) return {
			entityId: t.entity_id,
			critical: t.critical,
			deviceId: e.device_id,
			outputId: t.id
		};
	}
	get _confirm() {
		return this.renderRoot.querySelector("netio-confirm");
	}
	async _switch(e, t) {
		let n = this._target(e, t);
		if (!n) return;
		let r = !t.state, i = this._t;
		if (Ce(n, r) && !await this._confirm.ask(i("confirm.off_title", { name: t.name }), i("confirm.off_text", { name: t.name }), i("confirm.off"), i("confirm.cancel"))) return;
		let a = `${e.entry_id}:${t.id}`;
		this._pending = new Map(this._pending).set(a, r);
		try {
			await xe(this.hass, n, r);
		} catch (e) {
			let t = new Map(this._pending);
			t.delete(a), this._pending = t, this._error = J(e);
		}
	}
	async _cycle(e, t) {
		let n = this._target(e, t);
		if (!n) return;
		let r = this._t, i = t.pulse_ms === null ? "—" : String(t.pulse_ms / 1e3);
		if (await this._confirm.ask(r("confirm.cycle_title", { name: t.name }), r(t.critical ? "confirm.cycle_text_critical" : "confirm.cycle_text", {
			name: t.name,
			seconds: i
		}), r("confirm.cycle"), r("confirm.cancel"))) try {
			await Se(this.hass, n);
		} catch (e) {
			this._error = J(e);
		}
	}
	_draftFor(e) {
		return this._draft?.entryId === e.entry_id ? this._draft : {
			entryId: e.entry_id,
			interval: String(e.poll_interval_s),
			critical: new Set(e.critical_outputs)
		};
	}
	_editDraft(e, t) {
		this._draft = {
			...this._draftFor(e),
			...t
		}, this._saveMessage = void 0;
	}
	async _save(e) {
		let t = this._t, n = this._draftFor(e), r = Number(n.interval);
		if (!Number.isInteger(r) || r < 1 || r > 3600) {
			this._saveMessage = {
				ok: !1,
				text: t("device.invalid_interval", {
					min: 1,
					max: Q
				})
			};
			return;
		}
		let i = {
			type: "netio/device/set_options",
			entry_id: e.entry_id,
			scan_interval: r
		};
		e.entry_state === "loaded" && (i.critical_outputs = [...n.critical].sort((e, t) => e - t)), this._saving = !0;
		try {
			await this.hass.callWS(i), this._draft = void 0, this._saveMessage = {
				ok: !0,
				text: t("device.saved")
			};
		} catch (e) {
			this._saveMessage = {
				ok: !1,
				text: J(e)
			};
		} finally {
			this._saving = !1;
		}
	}
	render() {
		let e = this._t, t = this._page, n = t.kind === "device" ? this.devices?.find((e) => e.entry_id === t.entryId) : void 0;
		return N`
      <header class="toolbar">
        ${this.narrow ? N`<button
              class="icon"
              aria-label=${e("panel.menu")}
              @click=${() => this.dispatchEvent(new Event("hass-toggle-menu", {
			bubbles: !0,
			composed: !0
		}))}
            >
              <svg viewBox="0 0 24 24"><path d="M3,6H21V8H3V6M3,11H21V13H3V11M3,16H21V18H3V16Z" /></svg>
            </button>` : F}
        ${t.kind === "device" ? N`<button class="icon" aria-label=${e("panel.back")} @click=${() => Y(this._prefix())}>
              <svg viewBox="0 0 24 24"><path d="M20,11V13H8L13.5,18.5L12.08,19.92L4.16,12L12.08,4.08L13.5,5.5L8,11H20Z" /></svg>
            </button>` : F}
        <h1>${t.kind === "device" && n ? n.name ?? n.title : e("panel.title")}</h1>
        ${t.kind === "device" ? F : N`<nav class="tabs">
              ${this._tab("overview", e("panel.overview"), t.kind)} ${this._tab("watchdogs", e("watchdogs.tab"), t.kind)}
              ${this._tab("rules", e("rules.tab"), t.kind)}
              ${this._tab("schedules", e("schedules.tab"), t.kind)}
            </nav>`}
      </header>
      <main>
        ${this._error ? N`<div class="banner error" role="alert">${this._error}</div>` : F}
        ${this.devices === void 0 ? N`<p class="empty">${this._error ? F : e("panel.loading")}</p>` : t.kind === "overview" ? this._renderOverview() : t.kind === "rules" ? N`<netio-rules-page .hass=${this.hass} .devices=${this.devices}></netio-rules-page>` : t.kind === "watchdogs" ? N`<netio-watchdogs-page .hass=${this.hass} .devices=${this.devices}></netio-watchdogs-page>` : t.kind === "schedules" ? N`<netio-schedules-page .hass=${this.hass}></netio-schedules-page>` : n ? this._renderDevicePage(n) : N`<p class="empty">${e("panel.not_found")}</p>`}
      </main>
      <netio-confirm></netio-confirm>
    `;
	}
	_status(e) {
		let t = this._t;
		return e.entry_state === "loaded" ? e.available ? N`<span class="chip on">${t("device.available")}</span>` : N`<span class="chip off">${t("device.unavailable")}</span>` : N`<span class="chip off">${t("device.not_loaded", { state: e.entry_state })}</span>`;
	}
	_renderOverview() {
		let e = this._t, t = this.devices ?? [];
		if (!t.length) return N`<p class="empty">${e("panel.no_devices")}</p>`;
		let n = this.hass.language;
		return N`${t.map((t) => N`
        <section class="card device" data-entry=${t.entry_id}>
          <div class="device-head">
            <div>
              <h2>
                <a
                  href="${this._prefix()}/device/${t.entry_id}"
                  @click=${(e) => {
			e.preventDefault(), Y(`${this._prefix()}/device/${t.entry_id}`);
		}}
                  >${t.name ?? t.title}</a
                >
              </h2>
              <div class="meta">
                ${[
			t.model,
			t.protocol?.toUpperCase(),
			t.firmware ? `FW ${t.firmware}` : null
		].filter(Boolean).join(" · ")}
              </div>
            </div>
            <div class="head-right">
              ${this._status(t)}
              <div class="total" title=${e("device.total_power")}>
                <span class="label">${e("device.total_power")}</span>
                <span class="value">${K(t.total_power_w, n)}</span>
              </div>
            </div>
          </div>
          ${t.read_only ? N`<p class="note">${e("device.read_only")}</p>` : F}
          <div class="grid">${t.outputs.map((e) => this._renderTile(t, e))}</div>
        </section>
      `)}`;
	}
	_shownState(e, t) {
		let n = `${e.entry_id}:${t.id}`;
		return this._pending.has(n) ? this._pending.get(n) : t.state;
	}
	_renderSwitch(e, t) {
		let n = this._t, r = this._shownState(e, t), i = this._pending.has(`${e.entry_id}:${t.id}`);
		return N`<button
      class="switch"
      role="switch"
      aria-checked=${r === null ? "mixed" : String(r)}
      aria-busy=${String(i)}
      aria-label=${n("output.switch", { name: t.name })}
      ?disabled=${!e.available || e.read_only || !t.entity_id}
      @click=${() => this._switch(e, t)}
    ></button>`;
	}
	_renderCycle(e, t) {
		let n = this._t;
		return N`<button
      class="icon small cycle"
      title=${n("output.power_cycle")}
      aria-label=${n("output.power_cycle_name", { name: t.name })}
      ?disabled=${!e.available || e.read_only || !t.entity_id}
      @click=${() => this._cycle(e, t)}
    >
      <svg viewBox="0 0 24 24">
        <path
          d="M12,4C14.1,4 16.1,4.8 17.6,6.3C20.7,9.4 20.7,14.5 17.6,17.6C15.8,19.5 13.3,20.2 10.9,19.9L11.4,17.9C13.1,18.1 14.9,17.5 16.2,16.2C18.5,13.9 18.5,10.1 16.2,7.7C15.1,6.6 13.5,6 12,6V10.6L7,5.6L12,0.6V4M6.3,17.6C3.7,15 3.3,11 5.1,7.9L6.6,9.4C5.5,11.6 5.9,14.4 7.8,16.2C8.3,16.7 8.9,17.1 9.6,17.4L9,19.4C8,19 7.1,18.4 6.3,17.6Z"
        />
      </svg>
    </button>`;
	}
	_renderTile(e, t) {
		let n = this._t, r = this.hass.language, i = this._shownState(e, t);
		return N`<div class="tile ${i ? "is-on" : ""}" data-output=${t.id}>
      <div class="tile-head">
        <button
          class="name link"
          title=${t.name}
          @click=${() => t.entity_id && Ee(this, t.entity_id)}
        >
          ${t.name}
        </button>
        ${t.critical ? N`<span class="critical" title=${n("output.critical")}>!</span>` : F}
      </div>
      <div class="tile-values">
        <span class="state">${n(i === null ? "output.unknown" : i ? "output.on" : "output.off")}</span>
        ${t.power_w === null ? F : N`<span>${K(t.power_w, r)}</span>`}
        ${t.energy_wh === null ? F : N`<span class="energy">${q(t.energy_wh, r)}</span>`}
      </div>
      <div class="tile-actions">${this._renderSwitch(e, t)} ${this._renderCycle(e, t)}</div>
    </div>`;
	}
	_settingEntities(e) {
		let t = {};
		if (!e.device_id) return t;
		for (let n of Object.values(this.hass.entities ?? {})) {
			if (n.device_id !== e.device_id || n.platform !== "netio") continue;
			let r = n.translation_key ?? "";
			[
				"device_name",
				"pulse_delay",
				"power_up"
			].includes(r) && (t[r] = n.entity_id);
		}
		return t;
	}
	async _setSetting(e, t, n, r) {
		try {
			await this.hass.callService(e, t, r, { entity_id: n }), this._error = void 0;
		} catch (e) {
			this._error = J(e);
		}
	}
	_renderSettings(e) {
		let t = this._t, n = this._settingEntities(e), r = (e) => e ? this.hass.states[e] : void 0, i = r(n.device_name), a = r(n.pulse_delay), o = r(n.power_up);
		return N`<td><div class="settings-cell">
      ${i ? N`<input
            class="setting-name"
            aria-label=${`${t("output.setting_name")}: ${e.name}`}
            title=${t("output.setting_name")}
            .value=${i.state}
            ?disabled=${i.state === "unavailable"}
            @change=${(e) => this._setSetting("text", "set_value", n.device_name, { value: e.target.value })}
          />` : F}
      ${a ? N`<input
            class="setting-delay"
            type="number"
            aria-label=${`${t("output.setting_delay")}: ${e.name}`}
            title=${t("output.setting_delay")}
            min=${String(a.attributes.min ?? "")}
            max=${String(a.attributes.max ?? "")}
            step=${String(a.attributes.step ?? "any")}
            .value=${a.state}
            ?disabled=${a.state === "unavailable"}
            @change=${(e) => this._setSetting("number", "set_value", n.pulse_delay, { value: Number(e.target.value) })}
          />` : F}
      ${o ? N`<select
            class="setting-power-up"
            aria-label=${`${t("output.setting_power_up")}: ${e.name}`}
            title=${t("output.setting_power_up")}
            ?disabled=${o.state === "unavailable"}
            @change=${(e) => this._setSetting("select", "select_option", n.power_up, { option: e.target.value })}
          >
            ${(o.attributes.options ?? []).map((e) => N`<option value=${e} ?selected=${e === o.state}>
                ${this.hass.formatEntityState?.(o, e) ?? e}
              </option>`)}
          </select>` : F}
    </div></td>`;
	}
	_renderDevicePage(e) {
		let t = this._t, n = this.hass.language, r = this._draftFor(e), i = e.entry_state === "loaded", a = e.outputs.some((e) => Object.keys(this._settingEntities(e)).length > 0), o = [
			[t("device.model"), e.model],
			[t("device.protocol"), e.protocol?.toUpperCase()],
			[t("device.firmware"), e.firmware],
			[t("device.serial"), e.serial],
			[t("device.mac"), e.mac],
			[t("device.host"), e.host ? `${e.host}${e.port ? `:${e.port}` : ""}` : null],
			[t("device.total_power"), i ? K(e.total_power_w, n) : null],
			[t("device.energy"), i ? q(e.total_energy_wh, n) : null]
		];
		return N`
      <section class="card">
        <div class="device-head">
          <h2>${t("device.info")}</h2>
          ${this._status(e)}
        </div>
        <dl>
          ${o.filter(([, e]) => e != null).map(([e, t]) => N`<dt>${e}</dt><dd>${t}</dd>`)}
        </dl>
        <div class="links">
          ${e.device_id ? N`<a
                href="/config/devices/device/${e.device_id}"
                @click=${(t) => {
			t.preventDefault(), Y(`/config/devices/device/${e.device_id}`);
		}}
                >${t("device.device_page")}</a
              >` : F}
          ${e.configuration_url ? N`<a href=${e.configuration_url} target="_blank" rel="noreferrer">${t("device.web_interface")}</a>` : F}
        </div>
        ${e.read_only ? N`<p class="note">${t("device.read_only")}</p>` : F}
      </section>

      <section class="card settings">
        <h2>${t("device.settings")}</h2>
        <label for="interval">${t("device.poll_interval")}</label>
        <input
          id="interval"
          name="scan_interval"
          type="number"
          inputmode="numeric"
          min=${1}
          max=${Q}
          step="1"
          .value=${r.interval}
          @input=${(t) => this._editDraft(e, { interval: t.target.value })}
        />
        <p class="help">${t("device.poll_interval_help", {
			min: 1,
			max: Q
		})}</p>
        <p class="help">${t("device.critical_help")}</p>
        <div class="save-row">
          <button class="text-button save" ?disabled=${this._saving} @click=${() => this._save(e)}>
            ${t("device.save")}
          </button>
          ${this._saveMessage ? N`<span class=${this._saveMessage.ok ? "ok" : "error"} role="status">${this._saveMessage.text}</span>` : F}
        </div>
      </section>

      <section class="card">
        <h2>${t("device.outputs")}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>${t("output.name")}</th>
                <th>${t("output.state")}</th>
                <th class="num">${t("output.power")}</th>
                <th class="num">${t("output.energy")}</th>
                <th class="num">${t("output.pulse")}</th>
                <th>${t("output.critical")}</th>
                ${e.watchdogs?.length ? N`<th>${t("watchdogs.tab")}</th>` : F}
                ${a ? N`<th>${t("output.device_settings")}</th>` : F}
                <th>${t("output.actions")}</th>
              </tr>
            </thead>
            <tbody>
              ${e.outputs.map((i) => {
			let o = this._shownState(e, i);
			return N`<tr data-output=${i.id}>
                  <td>
                    ${i.device_id ? N`<a
                          href="/config/devices/device/${i.device_id}"
                          @click=${(e) => {
				e.preventDefault(), Y(`/config/devices/device/${i.device_id}`);
			}}
                          >${i.name}</a
                        >` : i.name}
                  </td>
                  <td>${t(o === null ? "output.unknown" : o ? "output.on" : "output.off")}</td>
                  <td class="num">${K(i.power_w, n)}</td>
                  <td class="num">${q(i.energy_wh, n)}</td>
                  <td class="num">${Te(i.pulse_ms, n)}</td>
                  <td>
                    <input
                      type="checkbox"
                      class="critical-box"
                      aria-label=${`${t("output.critical")}: ${i.name}`}
                      .checked=${r.critical.has(i.id)}
                      @change=${(t) => {
				let n = new Set(r.critical);
				t.target.checked ? n.add(i.id) : n.delete(i.id), this._editDraft(e, { critical: n });
			}}
                    />
                  </td>
                  ${e.watchdogs?.length ? N`<td class="watchdog">
                        ${e.watchdogs.filter((e) => e.output_id === i.id).map((e) => N`<span class=${e.problem ? "error" : ""}
                              >${e.name}: ${e.problem ? t("watchdogs.problem") : e.state}</span
                            >`)}
                      </td>` : F}
                  ${a ? this._renderSettings(i) : F}
                  <td class="actions">${this._renderSwitch(e, i)} ${this._renderCycle(e, i)}</td>
                </tr>`;
		})}
            </tbody>
          </table>
        </div>
      </section>
    `;
	}
	static {
		this.styles = [Me, o`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--primary-background-color);
        color: var(--primary-text-color);
        font-family: var(--ha-font-family-body, var(--paper-font-body1_-_font-family, Roboto, sans-serif));
      }
      .toolbar {
        display: flex;
        align-items: center;
        gap: 4px;
        height: var(--header-height, 56px);
        padding: 0 12px;
        box-sizing: border-box;
        background: var(--app-header-background-color, var(--primary-color));
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        border-bottom: var(--app-header-border-bottom, none);
      }
      .toolbar h1 {
        margin: 0 0 0 8px;
        font-size: 20px;
        font-weight: 400;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .tabs {
        display: flex;
        gap: 2px;
        margin-inline-start: auto;
        min-width: 0;
        overflow-x: auto;
        font-size: 14px;
      }
      .tab {
        color: inherit;
        text-decoration: none;
        white-space: nowrap;
        padding: 6px 10px;
        border-radius: 16px;
        opacity: 0.8;
      }
      .tab[aria-current="page"] {
        opacity: 1;
        background: rgba(127, 127, 127, 0.2);
      }
      button.icon {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        width: 40px;
        height: 40px;
        border: none;
        border-radius: 50%;
        background: transparent;
        color: inherit;
        cursor: pointer;
        padding: 0;
      }
      button.icon svg {
        width: 24px;
        height: 24px;
        fill: currentColor;
      }
      button.icon.small {
        width: 32px;
        height: 32px;
        color: var(--secondary-text-color);
      }
      button.icon.small svg {
        width: 20px;
        height: 20px;
      }
      button.icon:disabled {
        opacity: 0.4;
        cursor: default;
      }
      main {
        padding: 16px;
        max-width: 1200px;
        margin: 0 auto;
        box-sizing: border-box;
      }
      .card {
        background: var(--card-background-color, #fff);
        border-radius: var(--ha-card-border-radius, 12px);
        border: 1px solid var(--divider-color, transparent);
        box-shadow: var(--ha-card-box-shadow, none);
        padding: 16px;
        margin-bottom: 16px;
      }
      h2 {
        margin: 0;
        font-size: 18px;
        font-weight: 500;
      }
      h2 a {
        color: var(--primary-text-color);
        text-decoration: none;
      }
      h2 a:hover {
        text-decoration: underline;
      }
      .device-head {
        display: flex;
        justify-content: space-between;
        align-items: flex-start;
        gap: 12px;
        flex-wrap: wrap;
        margin-bottom: 12px;
      }
      .head-right {
        display: flex;
        align-items: center;
        gap: 16px;
      }
      .meta,
      .help,
      .note,
      .label {
        color: var(--secondary-text-color);
        font-size: 14px;
      }
      .total {
        display: flex;
        flex-direction: column;
        align-items: flex-end;
      }
      .total .value {
        font-size: 20px;
      }
      .chip {
        border-radius: 12px;
        padding: 2px 10px;
        font-size: 13px;
        white-space: nowrap;
      }
      .chip.on {
        background: rgba(var(--rgb-success-color, 67, 160, 71), 0.15);
        color: var(--success-color, #43a047);
      }
      .chip.off {
        background: rgba(var(--rgb-error-color, 219, 68, 55), 0.12);
        color: var(--error-color, #db4437);
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
        gap: 8px;
      }
      .tile {
        border: 1px solid var(--divider-color);
        border-radius: 10px;
        padding: 10px;
        display: flex;
        flex-direction: column;
        gap: 6px;
        min-width: 0;
      }
      .tile.is-on {
        border-color: var(--primary-color);
      }
      .tile-head {
        display: flex;
        align-items: center;
        gap: 6px;
        min-width: 0;
      }
      button.link {
        font: inherit;
        font-weight: 500;
        background: none;
        border: none;
        padding: 0;
        color: var(--primary-text-color);
        cursor: pointer;
        text-align: start;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        min-width: 0;
      }
      .critical {
        flex: none;
        display: inline-flex;
        align-items: center;
        justify-content: center;
        width: 18px;
        height: 18px;
        border-radius: 50%;
        background: var(--warning-color, #ffa600);
        color: var(--text-primary-color, #fff);
        font-size: 12px;
        font-weight: 700;
      }
      .tile-values {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 10px;
        font-size: 14px;
        color: var(--secondary-text-color);
      }
      .tile-values .state {
        color: var(--primary-text-color);
      }
      .tile-actions,
      td.actions {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
      }
      td.actions {
        justify-content: flex-start;
      }
      .empty {
        color: var(--secondary-text-color);
        text-align: center;
        padding: 32px 0;
      }
      .banner {
        border-radius: 8px;
        padding: 10px 14px;
        margin-bottom: 16px;
        background: rgba(var(--rgb-error-color, 219, 68, 55), 0.12);
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 6px 16px;
        margin: 0 0 12px;
      }
      dt {
        color: var(--secondary-text-color);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .links {
        display: flex;
        gap: 16px;
        flex-wrap: wrap;
      }
      a {
        color: var(--primary-color);
      }
      .settings label {
        display: block;
        margin: 12px 0 4px;
      }
      .settings input[type="number"] {
        font: inherit;
        width: 120px;
        padding: 6px 8px;
        border-radius: 6px;
        border: 1px solid var(--divider-color);
        background: var(--secondary-background-color, transparent);
        color: var(--primary-text-color);
      }
      .save-row {
        display: flex;
        align-items: center;
        gap: 12px;
        flex-wrap: wrap;
      }
      .ok {
        color: var(--success-color, #43a047);
      }
      .table-wrap {
        overflow-x: auto;
        margin-top: 8px;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: start;
        padding: 8px 10px;
        border-bottom: 1px solid var(--divider-color);
        white-space: nowrap;
      }
      th {
        color: var(--secondary-text-color);
        font-weight: 500;
        font-size: 14px;
      }
      .num {
        text-align: end;
      }
      .settings-cell {
        display: flex;
        gap: 6px;
        align-items: center;
      }
      .settings-cell input,
      .settings-cell select {
        font: inherit;
        padding: 4px 6px;
        border-radius: 6px;
        border: 1px solid var(--divider-color);
        background: var(--secondary-background-color, transparent);
        color: var(--primary-text-color);
      }
      .setting-name {
        width: 120px;
      }
      .setting-delay {
        width: 70px;
      }
      input[type="checkbox"] {
        width: 18px;
        height: 18px;
        accent-color: var(--primary-color);
      }
      @media (max-width: 450px) {
        main {
          padding: 8px;
        }
        .card {
          padding: 12px;
        }
        .grid {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
      }
    `];
	}
};
customElements.get("netio-panel") || customElements.define("netio-panel", $);
export { $ as NetioPanel };
